import CNcurses
import Foundation

/// The ncurses screen: set up in a UTF-8 locale with raw keys (so Ctrl-C and Ctrl-O arrive as keys),
/// read with a short timeout so the loop can draw what the network brought, and restored on the way out.
/// Used from one thread only.
final class Terminal {
    private var pairs: [Style: Int32] = [:]
    /// After a resize the terminal may have reflowed what it showed, so the next draw repaints everything.
    private(set) var repaintAll = false

    init() {
        setlocale(LC_ALL, "")
        prism_restore_on_signals()
        initscr()
        raw()
        noecho()
        keypad(prism_stdscr(), true)
        set_escdelay(25)
        wtimeout(prism_stdscr(), 50)
        curs_set(0)
        if has_colors() {
            start_color()
            use_default_colors()
        }
    }

    func restore() {
        endwin()
    }

    /// Whether colours are 24-bit values rather than palette indices (ncurses with a direct-colour TERM).
    var directColor: Bool { has_colors() && prism_colors() >= Int32(Palette.directFlag) }

    var size: (width: Int, height: Int) { (Int(getmaxx(prism_stdscr())), Int(getmaxy(prism_stdscr()))) }

    /// The next key, or `nil` when none came within the timeout. A resize is reported as `nil` too:
    /// the loop redraws at the new size anyway, in full.
    func readKey() -> Key? {
        var character: wint_t = 0
        let kind = wget_wch(prism_stdscr(), &character)
        if kind == ERR { return nil }
        let code = Int32(bitPattern: character)
        if kind == KEY_CODE_YES, code == KEY_RESIZE {
            repaintAll = true
            return nil
        }
        if kind == KEY_CODE_YES { return Self.functionKey(code) }
        switch code {
        case 3: return .control("c")
        case 9: return .tab
        case 10, 13: return .enter
        case 27: return .escape
        case 8, 127: return .backspace
        case 1...26: return .control(Character(UnicodeScalar(UInt8(code + 96))))
        default:
            guard let scalar = UnicodeScalar(UInt32(character)) else { return nil }
            return .character(Character(scalar))
        }
    }

    private static func functionKey(_ code: Int32) -> Key? {
        switch code {
        case KEY_UP: return .up
        case KEY_DOWN: return .down
        case KEY_LEFT: return .left
        case KEY_RIGHT: return .right
        case KEY_PPAGE: return .pageUp
        case KEY_NPAGE: return .pageDown
        case KEY_HOME: return .home
        case KEY_END: return .end
        case KEY_BACKSPACE: return .backspace
        case KEY_DC: return .delete
        case KEY_ENTER: return .enter
        case KEY_BTAB: return .backTab
        case prism_key_f(1): return .f1
        default: return nil
        }
    }

    /// Draws a frame: runs of cells with one style go out as one wide string; curses sends only what changed.
    func draw(_ frame: Frame) {
        let (width, height) = size
        if repaintAll {
            clearok(prism_stdscr(), true)
            repaintAll = false
        }
        werase(prism_stdscr())
        for y in 0..<min(frame.height, height) {
            var x = 0
            while x < min(frame.width, width) {
                let style = frame.cell(x: x, y: y).style
                var run = ""
                let start = x
                while x < min(frame.width, width), frame.cell(x: x, y: y).style == style {
                    run += frame.cell(x: x, y: y).text
                    x += 1
                }
                // The bottom-right cell cannot be written without scrolling the screen.
                if y == height - 1, x == width, !run.isEmpty { run = String(run.dropLast()) }
                apply(style)
                var wide = run.unicodeScalars.map { wchar_t(bitPattern: $0.value) } + [0]
                mvwaddwstr(prism_stdscr(), Int32(y), Int32(start), &wide)
            }
        }
        wrefresh(prism_stdscr())
    }

    private func apply(_ style: Style) {
        prism_set_style(prism_attr(style.bold ? 1 : 0, style.dim ? 1 : 0, style.reverse ? 1 : 0), pair(for: style))
    }

    /// The colour pair of a style's colours, allocated on first use (ncurses recycles the oldest).
    private func pair(for style: Style) -> Int32 {
        guard style.foreground != nil || style.background != nil, has_colors() else { return 0 }
        let key = Style(foreground: style.foreground, background: style.background)
        if let pair = pairs[key] { return pair }
        let (colors, direct) = (prism_colors(), directColor)
        func clamp(_ color: Int?) -> Int32 {
            guard let color else { return -1 }
            if color >= Palette.directFlag {
                return direct ? Int32(color & 0xFF_FFFF) : Int32(Palette.index(of: Palette.components(color)))
            }
            return colors >= 256 ? Int32(color) : Int32(color % 8)
        }
        let pair = alloc_pair(clamp(style.foreground), clamp(style.background))
        if pairs.count > 4096 { pairs.removeAll() }
        pairs[key] = max(pair, 0)
        return max(pair, 0)
    }
}

/// How a cell is drawn: colours from the 256-colour palette (`nil`: the terminal's own) and attributes.
struct Style: Hashable, Sendable {
    var foreground: Int?
    var background: Int?
    var bold = false
    var dim = false
    var reverse = false

    static let plain = Style()
    static let bold = Style(bold: true)
    static let dim = Style(dim: true)
    static let reverse = Style(reverse: true)
    static let error = Style(foreground: 1, bold: true)
    static let code = Style(foreground: 6)
}

/// One terminal cell: a character (a wide one leaves an empty continuation cell after it) and its style.
struct Cell: Equatable, Sendable {
    var text: String
    var style: Style

    static let blank = Cell(text: " ", style: .plain)
}

/// What the screen shows, as a grid of cells; `view` builds it, the terminal draws it, tests read it.
struct Frame: Equatable, Sendable {
    let width: Int
    let height: Int
    private(set) var cells: [Cell]

    init(width: Int, height: Int) {
        self.width = max(width, 0)
        self.height = max(height, 0)
        cells = Array(repeating: .blank, count: self.width * self.height)
    }

    func cell(x: Int, y: Int) -> Cell { cells[y * width + x] }

    /// Writes `text` at (`x`, `y`) within `limit` columns (default: to the right edge); returns the
    /// columns used. Anything outside the frame is dropped.
    @discardableResult
    mutating func put(_ text: some StringProtocol, x: Int, y: Int, style: Style = .plain, limit: Int? = nil) -> Int {
        guard y >= 0, y < height, x >= 0, x < width else { return 0 }
        let end = min(width, x + (limit ?? width))
        var column = x
        for character in text {
            let columns = TextWidth.of(character)
            if columns == 0 { continue }
            if column + columns > end { break }
            cells[y * width + column] = Cell(text: String(character), style: style)
            if columns == 2 { cells[y * width + column + 1] = Cell(text: "", style: style) }
            column += columns
        }
        return column - x
    }

    /// Paints a whole row (or its rest from `x`) with `style`, keeping the characters.
    mutating func fill(row y: Int, from x: Int = 0, style: Style) {
        guard y >= 0, y < height else { return }
        for column in max(x, 0)..<width { cells[y * width + column].style = style }
    }

    mutating func set(_ cell: Cell, x: Int, y: Int) {
        guard y >= 0, y < height, x >= 0, x < width else { return }
        cells[y * width + x] = cell
    }

    /// The frame as plain text, one line per row without trailing spaces: golden frames in tests.
    var text: String {
        (0..<height).map { y in
            var line = ""
            for x in 0..<width { line += cells[y * width + x].text }
            while line.hasSuffix(" ") { line.removeLast() }
            return line
        }.joined(separator: "\n")
    }
}

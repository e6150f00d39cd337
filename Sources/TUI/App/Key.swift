/// A key press, in the client's words; the terminal layer translates curses codes into these.
enum Key: Equatable, Sendable {
    case character(Character)
    case enter, escape, backspace, tab, backTab, delete
    case up, down, left, right, pageUp, pageDown, home, end
    case f1
    /// Ctrl and a letter, lower-case (`control("c")`).
    case control(Character)
}

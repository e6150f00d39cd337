// The parts of ncursesw that Swift cannot import as they are: macros, and globals that Swift 6 would see
// as shared mutable state. Every curses call of prism-tui happens on its one loop thread.
#ifndef PRISM_CNCURSES_SHIM_H
#define PRISM_CNCURSES_SHIM_H

#define _XOPEN_SOURCE_EXTENDED 1
#define NCURSES_WIDECHAR 1
#include <ncursesw/ncurses.h>
#include <locale.h>
#include <wchar.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

static inline WINDOW *prism_stdscr(void) { return stdscr; }
static inline int prism_lines(void) { return LINES; }
static inline int prism_cols(void) { return COLS; }
static inline int prism_colors(void) { return COLORS; }
static inline int prism_key_f(int n) { return KEY_F(n); }

static inline attr_t prism_attr(int bold, int dim, int reverse) {
    attr_t attrs = A_NORMAL;
    if (bold) attrs |= A_BOLD;
    if (dim) attrs |= A_DIM;
    if (reverse) attrs |= A_REVERSE;
    return attrs;
}

/// Sets the attributes and an extended colour pair (which may be past 32767) for what is drawn next.
static inline void prism_set_style(attr_t attrs, int pair) {
    wattr_set(stdscr, attrs, 0, &pair);
}

/// Gives the terminal back when the process is told to stop, so a killed client never leaves it raw.
static void prism_restore_and_exit(int signal_number) {
    endwin();
    _exit(128 + signal_number);
}

static inline void prism_restore_on_signals(void) {
    signal(SIGTERM, prism_restore_and_exit);
    signal(SIGHUP, prism_restore_and_exit);
    signal(SIGQUIT, prism_restore_and_exit);
}

#endif

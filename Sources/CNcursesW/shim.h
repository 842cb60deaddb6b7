// ncursesw with the wide-character API enabled. Macros that Swift cannot import are wrapped below as
// static inline functions (prefix `oc_`).
#ifndef ONCO_CNCURSESW_SHIM_H
#define ONCO_CNCURSESW_SHIM_H
#define NCURSES_WIDECHAR 1
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#include <locale.h>
#include <langinfo.h>
#include <wchar.h>
#include <ncursesw/curses.h>

static inline int oc_lines(void) { return LINES; }
static inline int oc_cols(void) { return COLS; }
static inline int oc_colors(void) { return COLORS; }
static inline int oc_color_pairs(void) { return COLOR_PAIRS; }
static inline WINDOW *oc_stdscr(void) { return stdscr; }
static inline attr_t oc_color_pair(int n) { return (attr_t)COLOR_PAIR(n); }
static inline attr_t oc_a_bold(void) { return A_BOLD; }
static inline attr_t oc_a_reverse(void) { return A_REVERSE; }
static inline attr_t oc_a_underline(void) { return A_UNDERLINE; }
static inline attr_t oc_a_dim(void) { return A_DIM; }
static inline attr_t oc_a_normal(void) { return A_NORMAL; }
#endif

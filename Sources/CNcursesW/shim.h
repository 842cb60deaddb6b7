// ncursesw with the wide-character API enabled. Macros and globals that Swift cannot import are wrapped
// below as static inline functions (prefix `oc_`).
#ifndef ONCO_CNCURSESW_SHIM_H
#define ONCO_CNCURSESW_SHIM_H
#define NCURSES_WIDECHAR 1
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#include <locale.h>
#include <langinfo.h>
#include <wchar.h>
#include <stdio.h>
#include <sys/ioctl.h>
#include <stddef.h>
#include <fcntl.h>
#include <unistd.h>
#include <spawn.h>
#include <ncursesw/curses.h>

static inline int oc_lines(void) { return LINES; }
static inline int oc_cols(void) { return COLS; }
static inline int oc_colors(void) { return COLORS; }
static inline int oc_color_pairs(void) { return COLOR_PAIRS; }
static inline WINDOW *oc_stdscr(void) { return stdscr; }
static inline WINDOW *oc_curscr(void) { return curscr; }
static inline attr_t oc_color_pair(int n) { return (attr_t)COLOR_PAIR(n); }
static inline attr_t oc_a_bold(void) { return A_BOLD; }
static inline attr_t oc_a_reverse(void) { return A_REVERSE; }
static inline attr_t oc_a_underline(void) { return A_UNDERLINE; }
static inline attr_t oc_a_dim(void) { return A_DIM; }
static inline attr_t oc_a_normal(void) { return A_NORMAL; }
static inline FILE *oc_stdout(void) { return stdout; }
static inline FILE *oc_stdin(void) { return stdin; }

/// Writes one cell: up to CCHARW_MAX code points (a base character and its combining marks), attributes
/// and an extended colour pair (passed through setcchar's `opts`, so pairs above 32767 work).
static inline int oc_put_cell(int y, int x, const wchar_t *chars, attr_t attrs, int pair) {
  cchar_t cell;
  if (setcchar(&cell, chars, attrs, 0, &pair) != OK) return ERR;
  return mvwadd_wch(stdscr, y, x, &cell);
}

/// The size of the terminal on `fd` (rows, columns), or -1 when it is not a terminal.
static inline int oc_window_size(int fd, int *rows, int *cols) {
  struct winsize ws;
  if (ioctl(fd, TIOCGWINSZ, &ws) != 0) return -1;
  *rows = ws.ws_row;
  *cols = ws.ws_col;
  return 0;
}

/// Sets the size of the pseudo-terminal on `fd` (the master side), which sends SIGWINCH to its child.
static inline int oc_set_window_size(int fd, int rows, int cols) {
  struct winsize ws = {0};
  ws.ws_row = (unsigned short)rows;
  ws.ws_col = (unsigned short)cols;
  return ioctl(fd, TIOCSWINSZ, &ws);
}
/// Opens a new pseudo-terminal: returns the master descriptor (close-on-exec) and writes the slave's
/// path into `name`; -1 on failure (errno set). Declared here because glibc hides these functions
/// behind _XOPEN_SOURCE / _GNU_SOURCE, which the Swift Glibc module is not built with.
extern int posix_openpt(int flags);
extern int grantpt(int fd);
extern int unlockpt(int fd);
extern int ptsname_r(int fd, char *buf, size_t buflen);
static inline int oc_open_pty(char *name, size_t length) {
  int master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (master < 0) return -1;
  if (grantpt(master) != 0 || unlockpt(master) != 0 || ptsname_r(master, name, length) != 0) {
    close(master);
    return -1;
  }
  return master;
}

/// posix_spawn's flag for a new session (glibc 2.26+).
static inline short oc_spawn_setsid(void) {
#ifdef POSIX_SPAWN_SETSID
  return POSIX_SPAWN_SETSID;
#else
  return 0x80;
#endif
}
#endif

// OncoTUI: the ncurses front end: screens, widgets, text charts, half-block image view, key map.
// It holds no science, only presentation and key handling.
import CNcursesW

/// Why the workbench cannot take over the terminal.
public enum TerminalError: Error, CustomStringConvertible, Equatable {
  /// Standard input or output is not a terminal (a pipe or a file).
  case notATerminal
  /// ncurses knows no terminal description for $TERM.
  case unknownTerminal(String)

  public var description: String {
    switch self {
    case .notATerminal:
      return "the workbench needs a terminal: standard input and output are not one "
        + "(run `oncoface` in a terminal, or use the headless commands, e.g. `oncoface train`)"
    case .unknownTerminal(let name):
      return "the terminal type TERM=\(name) is unknown to ncurses "
        + "(set TERM to a known type, e.g. `TERM=xterm-256color oncoface`)"
    }
  }
}

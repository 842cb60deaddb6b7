import Foundation

/// 24-bit colour for image cells on terminals that promise it (COLORTERM=truecolor) while their
/// terminfo entry has no direct colour (e.g. xterm-256color).
///
/// ncurses draws those cells first with the nearest 256-colour pair, so its idea of the screen stays
/// right; right after, this writer repaints them with exact SGR 38;2/48;2 colours, between a cursor
/// save and restore (DECSC/DECRC) so ncurses' cursor and attribute state are untouched.
struct TrueColourWriter {
  /// Repaints the given changed cells (column, row, cell) with their exact colours.
  func write(_ cells: [(Int, Int, Cell)]) {
    guard !cells.isEmpty else { return }
    var out = "\u{1B}7"
    for (x, y, cell) in cells {
      out += "\u{1B}[\(y + 1);\(x + 1)H\u{1B}[0"
      if let fg = cell.foreground { out += ";38;2;\(fg.r);\(fg.g);\(fg.b)" }
      if let bg = cell.background { out += ";48;2;\(bg.r);\(bg.g);\(bg.b)" }
      out += "m"
      out.append(cell.character)
    }
    out += "\u{1B}[0m\u{1B}8"
    TrueColourWriter.writeAll(out)
  }

  /// Writes the whole string to stdout with write(2), after ncurses has flushed its own output.
  static func writeAll(_ string: String) {
    var bytes = Array(string.utf8)
    var offset = 0
    while offset < bytes.count {
      let n = bytes.withUnsafeMutableBytes { buffer in
        Foundation.write(STDOUT_FILENO, buffer.baseAddress! + offset, buffer.count - offset)
      }
      if n < 0 && errno == EINTR { continue }
      if n <= 0 { return }
      offset += n
    }
  }
}

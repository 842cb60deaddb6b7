/// A run of text in one role, for lines that mix roles (key bars, legends, tab bars).
public struct Span: Equatable, Sendable {
  public var text: String
  public var role: Role

  public init(_ text: String, _ role: Role = .text) {
    self.text = text
    self.role = role
  }

  public var width: Int { text.terminalWidth }
}

/// A clipped rectangle of a canvas that widgets draw into, in coordinates relative to its corner.
///
/// Drawing outside the rectangle is cut off, wide characters are kept whole (one that would straddle
/// the edge becomes a space), and on an ASCII canvas every character is replaced by its ASCII
/// stand-in (`Glyphs.ascii`).
public struct Surface {
  public let canvas: any Canvas
  /// The rectangle on the canvas, already clipped to it.
  public let frame: Rect

  public init(canvas: any Canvas, frame: Rect) {
    self.canvas = canvas
    self.frame = frame.intersection(Rect(size: canvas.size))
  }

  public var width: Int { frame.width }
  public var height: Int { frame.height }
  public var bounds: Rect { Rect(x: 0, y: 0, width: frame.width, height: frame.height) }
  public var capabilities: Capabilities { canvas.capabilities }
  public var glyphs: Glyphs { Glyphs.forCapabilities(canvas.capabilities) }

  /// The part of this surface at `rect` (relative), clipped to it.
  public func sub(_ rect: Rect) -> Surface {
    let absolute = Rect(
      x: frame.x + rect.x, y: frame.y + rect.y, width: rect.width, height: rect.height)
    return Surface(canvas: canvas, frame: absolute.intersection(frame))
  }

  /// The cell at a relative position (blank outside).
  public func cell(x: Int, y: Int) -> Cell {
    guard bounds.contains(x: x, y: y) else { return .blank }
    return canvas[frame.x + x, frame.y + y]
  }

  /// Draws one character; returns the cells it took (0 when clipped).
  @discardableResult
  public func put(
    _ character: Character, x: Int, y: Int, role: Role = .text,
    foreground: RGB? = nil, background: RGB? = nil
  ) -> Int {
    var ch = character
    if !capabilities.unicode, !ch.isASCII { ch = Glyphs.ascii(ch).first ?? "?" }
    var width = ch.terminalWidth
    guard width > 0, y >= 0, y < frame.height, x >= 0, x < frame.width else { return 0 }
    if width == 2 && x + 1 >= frame.width {
      ch = " "
      width = 1
    }
    let ax = frame.x + x
    let ay = frame.y + y
    release(ax, ay)
    if width == 2 { release(ax + 1, ay) }
    canvas[ax, ay] = Cell(ch, role: role, foreground: foreground, background: background)
    if width == 2 {
      canvas[ax + 1, ay] = Cell(
        " ", role: role, foreground: foreground, background: background,
        isContinuation: true)
    }
    return width
  }

  /// Before a cell is overwritten: a wide character it belongs to loses its other half.
  private func release(_ ax: Int, _ ay: Int) {
    let size = canvas.size
    let old = canvas[ax, ay]
    if old.isContinuation, ax > 0 {
      var left = canvas[ax - 1, ay]
      left.character = " "
      canvas[ax - 1, ay] = left
    } else if old.character.terminalWidth == 2, ax + 1 < size.width {
      var right = canvas[ax + 1, ay]
      right.isContinuation = false
      right.character = " "
      canvas[ax + 1, ay] = right
    }
  }

  /// Draws text from `x` on row `y`, cut to `width` cells (default: to the edge) with an ellipsis
  /// when it does not fit; returns how far the text reaches from `x` (alignment gap included).
  @discardableResult
  public func text(
    _ string: String, x: Int, y: Int, role: Role = .text, width: Int? = nil,
    alignment: Alignment = .left
  ) -> Int {
    let room = max(0, min(width ?? (frame.width - x), frame.width - x))
    guard room > 0 else { return 0 }
    var line = capabilities.unicode ? string : Glyphs.ascii(string)
    if let newline = line.firstIndex(where: \.isNewline) { line = String(line[..<newline]) }
    line = line.truncated(to: room, ellipsis: String(glyphs.ellipsis))
    var column = x
    if alignment != .left {
      let gap = room - line.terminalWidth
      column += alignment == .right ? gap : gap / 2
    }
    for ch in line { column += put(ch, x: column, y: y, role: role) }
    return column - x
  }

  /// Draws spans one after another from `x` on row `y`, cut at `width`; returns the cells used.
  @discardableResult
  public func spans(_ spans: [Span], x: Int, y: Int, width: Int? = nil) -> Int {
    let limit = x + max(0, min(width ?? (frame.width - x), frame.width - x))
    var column = x
    for span in spans where column < limit {
      column += text(span.text, x: column, y: y, role: span.role, width: limit - column)
    }
    return column - x
  }

  /// Fills the surface with one character in one role.
  public func fill(_ role: Role = .text, character: Character = " ") {
    for y in 0..<frame.height {
      for x in 0..<frame.width { put(character, x: x, y: y, role: role) }
    }
  }

  /// Sets the role of every cell of the surface, keeping the characters (highlighting a row).
  public func paint(_ role: Role) {
    for y in 0..<frame.height {
      for x in 0..<frame.width {
        var cell = canvas[frame.x + x, frame.y + y]
        cell.role = role
        canvas[frame.x + x, frame.y + y] = cell
      }
    }
  }

  /// A horizontal rule of `length` cells from `x` on row `y`.
  public func horizontalLine(x: Int = 0, y: Int, length: Int? = nil, role: Role = .border) {
    let end = min(frame.width, x + (length ?? frame.width))
    guard x < end else { return }
    for column in x..<end { put(glyphs.horizontal, x: column, y: y, role: role) }
  }

  /// A vertical rule of `length` cells from `y` in column `x`.
  public func verticalLine(x: Int, y: Int = 0, length: Int? = nil, role: Role = .border) {
    let end = min(frame.height, y + (length ?? frame.height))
    guard y < end else { return }
    for row in y..<end { put(glyphs.vertical, x: x, y: row, role: role) }
  }
}

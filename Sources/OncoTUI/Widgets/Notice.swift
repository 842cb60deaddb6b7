/// A centred message for a panel with nothing to show yet, saying what would fill it and how.
///
/// ```
///            No data set loaded
///
///   Open one:  oncoface ui --data PATH
/// ```
public struct Notice {
  public var title: String
  public var lines: [String]

  public init(_ title: String, _ lines: [String] = []) {
    self.title = title
    self.lines = lines
  }

  public func draw(on surface: Surface) {
    let wrapped = lines.flatMap { Notice.wrap($0, width: max(10, surface.width - 2)) }
    let height = 1 + (wrapped.isEmpty ? 0 : wrapped.count + 1)
    let top = max(0, (surface.height - height) / 2)
    surface.text(title, x: 0, y: top, role: .heading, width: surface.width, alignment: .centre)
    let blockWidth = min(surface.width, wrapped.map(\.terminalWidth).max() ?? 0)
    let left = max(0, (surface.width - blockWidth) / 2)
    for (i, line) in wrapped.enumerated() {
      surface.text(line, x: left, y: top + 2 + i, role: .dim)
    }
  }

  /// Draws the notice inside a box titled `title` that fills `surface`: a whole panel with
  /// nothing in it yet.
  public func draw(inBox title: String, on surface: Surface) {
    draw(on: Box(title).draw(on: surface))
  }

  /// Words wrapped to lines of at most `width` cells (a longer word is cut).
  /// Leading spaces indent every line of the paragraph.
  public static func wrap(_ text: String, width: Int) -> [String] {
    let indent = String(text.prefix { $0 == " " })
    guard indent.isEmpty else {
      return wrap(String(text.dropFirst(indent.count)), width: max(1, width - indent.count)).map {
        indent + $0
      }
    }
    guard !text.isEmpty else { return [""] }
    var lines: [String] = []
    var current = ""
    for word in text.split(separator: " ").map(String.init) {
      let candidate = current.isEmpty ? word : current + " " + word
      if candidate.terminalWidth <= width {
        current = candidate
      } else {
        if !current.isEmpty { lines.append(current) }
        current = word.truncated(to: width)
      }
    }
    lines.append(current)
    return lines
  }
}

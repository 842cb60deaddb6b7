/// The `?` overlay: every key, grouped (global keys, then the current screen's), in a box over the
/// screen. Sections flow into a second column when they do not fit one.
public struct HelpOverlay {
  public struct Section {
    public var title: String
    public var bindings: [KeyBinding]

    public init(_ title: String, _ bindings: [KeyBinding]) {
      self.title = title
      self.bindings = bindings
    }
  }

  public var sections: [Section]

  public init(sections: [Section]) { self.sections = sections }

  public func draw(on surface: Surface) {
    let keyWidth = sections.flatMap(\.bindings).map(\.keys.terminalWidth).max() ?? 1
    var lines: [[Span]] = []
    for section in sections {
      if !lines.isEmpty { lines.append([]) }
      lines.append([Span(section.title, .heading)])
      for binding in section.bindings {
        lines.append([
          Span("  " + binding.keys.fitted(to: keyWidth), .key), Span("  " + binding.help),
        ])
      }
    }
    let lineWidth = min(
      max(20, surface.width - 8), lines.map { $0.reduce(0) { $0 + $1.width } }.max() ?? 10)
    let maxRows = max(1, surface.height - 4)
    let columns = lines.count > maxRows && surface.width >= 2 * lineWidth + 7 ? 2 : 1
    let rowsPerColumn = (lines.count + columns - 1) / columns
    let width = min(surface.width, columns * lineWidth + (columns - 1) * 3 + 4)
    let height = min(surface.height, min(rowsPerColumn, maxRows) + 3)
    let frame = surface.bounds.centred(Size(width: width, height: height))
    let inner = Box("Keys", info: "? or Esc closes", focused: true).draw(on: surface.sub(frame))
    for (i, line) in lines.enumerated() {
      let column = i / rowsPerColumn
      let row = i % rowsPerColumn
      guard row < inner.height - 1 else { continue }
      inner.spans(line, x: 1 + column * (lineWidth + 3), y: row + 1, width: lineWidth)
    }
  }
}

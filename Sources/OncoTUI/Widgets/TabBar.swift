/// The top line: the program's name, the numbered screens with the current one highlighted, and a
/// context note at the right (the data set, the session).
public struct TabBar {
  public var titles: [String]
  public var selected: Int
  public var context: String

  public init(titles: [String], selected: Int, context: String = "") {
    self.titles = titles
    self.selected = selected
    self.context = context
  }

  public func draw(on surface: Surface) {
    surface.fill()
    // Full names with the brand, then without the brand, then only numbers for the other tabs.
    for variant in 0..<3 {
      var spans: [Span] = variant == 0 ? [Span(" OncoFace ", .brand)] : [Span(" ")]
      for (i, title) in titles.enumerated() {
        let number = "\(i + 1)"
        if i == selected {
          spans.append(Span(" \(number) \(title) ", .tabActive))
        } else if variant == 2 {
          spans.append(Span(" \(number) ", .key))
        } else {
          spans += [Span(" \(number)", .key), Span(" \(title) ", .tab)]
        }
      }
      let width = spans.reduce(0) { $0 + $1.width }
      if width <= surface.width || variant == 2 {
        surface.spans(spans, x: 0, y: 0)
        // The context only when it fits whole: a cut-off note says less than none.
        if !context.isEmpty, context.terminalWidth <= surface.width - width - 3 {
          surface.text(context, x: surface.width - 1 - context.terminalWidth, y: 0, role: .dim)
        }
        return
      }
    }
  }
}

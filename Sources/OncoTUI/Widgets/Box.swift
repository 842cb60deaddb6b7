/// A frame with a title (and a legend) in its top edge, like `┌ Run ───┐`; returns the surface
/// inside.
///
/// A focused box draws its frame and title in the focus roles, so the panel that takes the keys
/// stands out.
public struct Box {
  public var title: String
  /// Spans after the title (a chart's legend).
  public var legend: [Span]
  /// Text at the right end of the top edge (a count, a page).
  public var info: String
  public var focused: Bool

  public init(_ title: String, legend: [Span] = [], info: String = "", focused: Bool = false) {
    self.title = title
    self.legend = legend
    self.info = info
    self.focused = focused
  }

  /// Draws the frame over the whole surface and returns the inner surface.
  @discardableResult
  public func draw(on surface: Surface) -> Surface {
    let g = surface.glyphs
    let w = surface.width
    let h = surface.height
    guard w >= 2, h >= 2 else { return surface.sub(Rect(x: 0, y: 0, width: 0, height: 0)) }
    let border: Role = focused ? .borderFocus : .border
    surface.put(g.topLeft, x: 0, y: 0, role: border)
    surface.put(g.topRight, x: w - 1, y: 0, role: border)
    surface.put(g.bottomLeft, x: 0, y: h - 1, role: border)
    surface.put(g.bottomRight, x: w - 1, y: h - 1, role: border)
    surface.horizontalLine(x: 1, y: 0, length: w - 2, role: border)
    surface.horizontalLine(x: 1, y: h - 1, length: w - 2, role: border)
    surface.verticalLine(x: 0, y: 1, length: h - 2, role: border)
    surface.verticalLine(x: w - 1, y: 1, length: h - 2, role: border)
    let inner = surface.sub(Rect(x: 1, y: 1, width: w - 2, height: h - 2))
    inner.fill()
    var used = 1
    if !title.isEmpty, w > 6 {
      used += surface.text(
        " \(title) ", x: 1, y: 0, role: focused ? .title : .heading, width: w - 3)
    }
    let legendWidth = legend.reduce(0) { $0 + $1.width } + 1
    if !legend.isEmpty, used + legendWidth < w - 1 {
      used += surface.spans(legend + [Span(" ")], x: used, y: 0)
    }
    if !info.isEmpty {
      let text = " \(info) "
      let x = w - 2 - text.terminalWidth
      if x > used + 1 { surface.text(text, x: x, y: 0, role: .dim) }
    }
    return inner
  }
}

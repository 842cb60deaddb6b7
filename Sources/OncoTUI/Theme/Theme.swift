/// The table from semantic roles to styles: a colour scheme and a monochrome one.
///
/// The colour scheme leaves the terminal's own background alone (so it reads on dark and light
/// terminals) except where a role is a highlight. The monochrome scheme, used for NO_COLOR and
/// terminals without colour, says the same things with bold, underline, reverse and dim.
public struct Theme: Sendable {
  public let name: String
  private let styles: [Style]

  public init(name: String, styles: [Role: Style]) {
    self.name = name
    self.styles = Role.allCases.map { styles[$0] ?? .plain }
  }

  public subscript(role: Role) -> Style { styles[Int(role.rawValue)] }

  /// Whether any role uses colour.
  public var usesColour: Bool { styles.contains { $0.foreground != nil || $0.background != nil } }

  /// The theme for what the terminal can do.
  public static func forCapabilities(_ capabilities: Capabilities) -> Theme {
    capabilities.colour == .monochrome ? .monochrome : .colour
  }

  public static let colour: Theme = {
    typealias C = Style.Colour
    let cyan = C(RGB(95, 215, 255), ansi: 6)
    let orange = C(RGB(255, 175, 95), ansi: 3)
    let green = C(RGB(135, 215, 135), ansi: 2)
    let red = C(RGB(255, 110, 110), ansi: 1)
    let yellow = C(RGB(255, 215, 95), ansi: 3)
    let violet = C(RGB(190, 150, 255), ansi: 5)
    let blue = C(RGB(110, 170, 255), ansi: 4)
    let grey = C(RGB(138, 138, 138), ansi: 7)
    let rule = C(RGB(98, 98, 110), ansi: 7)
    let ink = C(RGB(18, 18, 24), ansi: 0)
    let navy = C(RGB(40, 60, 100), ansi: 4)
    let slate = C(RGB(58, 58, 70), ansi: 0)
    let white = C(RGB(235, 235, 235), ansi: 7)
    return Theme(name: "colour", styles: [
      .dim: Style(foreground: grey),
      .title: Style(foreground: cyan, bold: true),
      .heading: Style(bold: true),
      .accent: Style(foreground: orange),
      .good: Style(foreground: green),
      .bad: Style(foreground: red, bold: true),
      .warn: Style(foreground: yellow),
      .border: Style(foreground: rule),
      .borderFocus: Style(foreground: cyan),
      .selection: Style(foreground: white, background: slate),
      .selectionFocus: Style(foreground: white, background: navy, bold: true),
      .tab: Style(foreground: grey),
      .tabActive: Style(foreground: ink, background: cyan, bold: true),
      .brand: Style(foreground: cyan, bold: true),
      .key: Style(foreground: orange, bold: true),
      .keyLabel: Style(foreground: grey),
      .status: Style(),
      .axis: Style(foreground: grey),
      .series1: Style(foreground: blue),
      .series2: Style(foreground: orange),
      .series3: Style(foreground: violet),
      .series4: Style(foreground: green),
      .best: Style(foreground: yellow, bold: true),
      .cursor: Style(foreground: red, bold: true),
      .gauge: Style(foreground: green),
      .gaugeTrack: Style(foreground: slate),
      .input: Style(foreground: yellow, underline: true),
    ])
  }()

  public static let monochrome = Theme(name: "monochrome", styles: [
    .dim: Style(dim: true),
    .title: Style(bold: true),
    .heading: Style(bold: true),
    .accent: Style(bold: true),
    .good: Style(bold: true),
    .bad: Style(bold: true, underline: true),
    .warn: Style(underline: true),
    .borderFocus: Style(bold: true),
    .selection: Style(reverse: true),
    .selectionFocus: Style(bold: true, reverse: true),
    .tab: Style(dim: true),
    .tabActive: Style(bold: true, reverse: true),
    .brand: Style(bold: true),
    .key: Style(bold: true),
    .keyLabel: Style(),
    .axis: Style(dim: true),
    .series2: Style(bold: true),
    .best: Style(bold: true),
    .cursor: Style(bold: true, reverse: true),
    .gaugeTrack: Style(dim: true),
    .input: Style(underline: true),
  ])
}

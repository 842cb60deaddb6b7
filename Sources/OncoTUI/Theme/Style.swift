/// How a role looks: colours (with an explicit 8-colour fallback) and attributes.
public struct Style: Equatable, Hashable, Sendable {
  /// A theme colour: its 24-bit value and the ANSI colour (0…7) to use on 8-colour terminals.
  public struct Colour: Equatable, Hashable, Sendable {
    public var rgb: RGB
    public var ansi: Int

    public init(_ rgb: RGB, ansi: Int) {
      self.rgb = rgb
      self.ansi = ansi
    }
  }

  public var foreground: Colour?
  public var background: Colour?
  public var bold = false
  public var underline = false
  public var reverse = false
  public var dim = false

  public init(foreground: Colour? = nil, background: Colour? = nil, bold: Bool = false,
              underline: Bool = false, reverse: Bool = false, dim: Bool = false) {
    self.foreground = foreground
    self.background = background
    self.bold = bold
    self.underline = underline
    self.reverse = reverse
    self.dim = dim
  }

  public static let plain = Style()
}

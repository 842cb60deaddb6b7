/// What the terminal can show: wide Unicode glyphs or only ASCII, and how many colours.
public struct Capabilities: Equatable, Hashable, Sendable, CustomStringConvertible {
  /// How many colours the terminal offers, fewest first.
  public enum ColourDepth: Int, Comparable, Sendable, CaseIterable {
    /// No colour (or NO_COLOR set): attributes only.
    case monochrome
    /// The eight ANSI colours (TERM=xterm).
    case ansi8
    /// The xterm 256-colour palette, pairs allocated with `alloc_pair`.
    case palette256
    /// 24-bit colour: ncurses direct colour or COLORTERM=truecolor.
    case direct

    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
  }

  /// The locale's character set is UTF-8, so box drawing, braille and half blocks can be shown.
  public var unicode: Bool
  public var colour: ColourDepth

  public init(unicode: Bool, colour: ColourDepth) {
    self.unicode = unicode
    self.colour = colour
  }

  /// Images get real colours (half blocks with foreground and background); below that they are drawn
  /// as a grey ramp of characters.
  public var colourImages: Bool { unicode && colour >= .palette256 }

  public var description: String {
    "\(unicode ? "UTF-8" : "ASCII"), \(colour)"
  }

  /// The richest terminal: what snapshot tests use by default.
  public static let full = Capabilities(unicode: true, colour: .direct)

  /// What the environment and the terminal database say.
  ///
  /// - `codeset` is `nl_langinfo(CODESET)` after `setlocale(LC_ALL, "")`.
  /// - `colours` is ncurses' `COLORS` after `start_color()` (0 when the terminal has no colour).
  /// - NO_COLOR (any non-empty value, see no-color.org) forces monochrome;
  ///   COLORTERM=truecolor or 24bit promises 24-bit colour on a 256-colour terminal.
  public static func detect(environment: [String: String], codeset: String, colours: Int)
    -> Capabilities
  {
    let unicode = codeset.uppercased().replacingOccurrences(of: "-", with: "") == "UTF8"
    let depth: ColourDepth
    if let noColour = environment["NO_COLOR"], !noColour.isEmpty {
      depth = .monochrome
    } else if colours >= 0x100_0000 {
      depth = .direct
    } else if colours >= 256 {
      let promise = (environment["COLORTERM"] ?? "").lowercased()
      depth = promise == "truecolor" || promise == "24bit" ? .direct : .palette256
    } else if colours >= 8 {
      depth = .ansi8
    } else {
      depth = .monochrome
    }
    return Capabilities(unicode: unicode, colour: depth)
  }
}

import Foundation

/// The characters widgets draw with, in a Unicode set and an ASCII set for non-UTF-8 locales.
///
/// Widgets take their frame and marker characters from here; any other text drawn on an ASCII
/// canvas passes through `ascii(_:)`, so no byte above 0x7F ever reaches a terminal that cannot
/// show it.
public struct Glyphs: Sendable {
  public let unicode: Bool
  public let horizontal, vertical: Character
  public let topLeft, topRight, bottomLeft, bottomRight: Character
  public let teeLeft, teeRight, teeUp, teeDown: Character
  public let pointer: Character
  public let ellipsis: String
  public let bullet: Character
  public let star: Character
  public let cursor: Character
  public let fullBlock: Character
  public let upperHalf: Character
  public let lightShade: Character
  public let up, down, left, right: Character
  public let middleDot: Character
  public let dash: Character
  /// Bar glyphs from one eighth to eight eighths of a cell, horizontally.
  public let eighthsHorizontal: [Character]
  /// Bar glyphs from one eighth to eight eighths of a cell, vertically (growing up).
  public let eighthsVertical: [Character]

  public static let utf8 = Glyphs(
    unicode: true, horizontal: "─", vertical: "│", topLeft: "┌", topRight: "┐", bottomLeft: "└",
    bottomRight: "┘", teeLeft: "┤", teeRight: "├", teeUp: "┴", teeDown: "┬", pointer: "▸",
    ellipsis: "…", bullet: "●", star: "★", cursor: "◆", fullBlock: "█", upperHalf: "▀",
    lightShade: "░", up: "↑", down: "↓", left: "←", right: "→", middleDot: "·", dash: "–",
    eighthsHorizontal: Array("▏▎▍▌▋▊▉█"), eighthsVertical: Array("▁▂▃▄▅▆▇█"))

  public static let ascii = Glyphs(
    unicode: false, horizontal: "-", vertical: "|", topLeft: "+", topRight: "+", bottomLeft: "+",
    bottomRight: "+", teeLeft: "+", teeRight: "+", teeUp: "+", teeDown: "+", pointer: ">",
    ellipsis: "~", bullet: "o", star: "*", cursor: "#", fullBlock: "#", upperHalf: "#",
    lightShade: ".", up: "^", down: "v", left: "<", right: ">", middleDot: ".", dash: "-",
    eighthsHorizontal: Array("    ####"), eighthsVertical: Array("..::||##"))

  public static func forCapabilities(_ capabilities: Capabilities) -> Glyphs {
    capabilities.unicode ? .utf8 : .ascii
  }

  /// An ASCII stand-in for any character (itself when it is ASCII already).
  public static func ascii(_ ch: Character) -> String {
    if ch.isASCII { return String(ch) }
    if let mapped = asciiMap[ch] { return mapped }
    if let scalar = ch.unicodeScalars.first {
      switch scalar.value {
      case 0x2500...0x257F: return boxASCII(scalar)
      case 0x2800...0x28FF: return BrailleCell.ascii(dots: UInt8(scalar.value - 0x2800))
      case 0x2580...0x259F: return "#"
      default: break
      }
    }
    // Letters with accents keep their base letter (é → e); anything else becomes "?".
    let folded = String(ch).folding(options: .diacriticInsensitive, locale: nil)
    return folded.allSatisfy(\.isASCII) && !folded.isEmpty ? folded : "?"
  }

  /// The string with every non-ASCII character replaced by its stand-in.
  public static func ascii(_ text: String) -> String {
    text.allSatisfy(\.isASCII) ? text : text.map { ascii($0) }.joined()
  }

  private static func boxASCII(_ scalar: Unicode.Scalar) -> String {
    switch scalar.value {
    case 0x2500, 0x2501, 0x2504, 0x2505, 0x2508, 0x2509, 0x254C, 0x254D, 0x2550: return "-"
    case 0x2502, 0x2503, 0x2506, 0x2507, 0x250A, 0x250B, 0x254E, 0x254F, 0x2551: return "|"
    default: return "+"
    }
  }

  private static let asciiMap: [Character: String] = [
    "…": "...", "·": ".", "–": "-", "—": "-", "×": "x", "←": "<-", "→": "->", "↑": "^", "↓": "v",
    "▸": ">", "▶": ">", "◂": "<", "●": "o", "○": "o", "◆": "#", "★": "*", "✓": "v", "✗": "x",
    "≥": ">=", "≤": "<=", "±": "+-", "µ": "u", "°": "o", "“": "\"", "”": "\"", "‘": "'", "’": "'",
    "α": "a", "β": "b", "σ": "s", "Δ": "d", "⌫": "<-", "⏎": "Enter", "⇥": "Tab",
  ]
}

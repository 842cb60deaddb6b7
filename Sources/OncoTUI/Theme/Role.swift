/// What a cell means, not how it looks: the theme maps each role to colours or attributes.
///
/// Screens and widgets only ever name roles (as htop's `CRT_colorSchemes` does), so a monochrome
/// terminal, NO_COLOR and the colour schemes are one table each.
public enum Role: UInt8, CaseIterable, Sendable {
  case text, dim, title, heading, accent, good, bad, warn
  case border, borderFocus, selection, selectionFocus
  case tab, tabActive, brand, key, keyLabel, status
  case axis, series1, series2, series3, series4, best, cursor
  case gauge, gaugeTrack, input

  /// One letter per role, for the role maps of snapshot files.
  public var letter: Character {
    switch self {
    case .text: " "
    case .dim: "d"
    case .title: "t"
    case .heading: "h"
    case .accent: "a"
    case .good: "g"
    case .bad: "b"
    case .warn: "w"
    case .border: "."
    case .borderFocus: "F"
    case .selection: "s"
    case .selectionFocus: "S"
    case .tab: "T"
    case .tabActive: "A"
    case .brand: "O"
    case .key: "k"
    case .keyLabel: "l"
    case .status: "u"
    case .axis: "x"
    case .series1: "1"
    case .series2: "2"
    case .series3: "3"
    case .series4: "4"
    case .best: "*"
    case .cursor: "c"
    case .gauge: "G"
    case .gaugeTrack: "_"
    case .input: "i"
    }
  }

  /// The role of the `index`-th series of a chart (cycling through four).
  public static func series(_ index: Int) -> Role {
    [Role.series1, .series2, .series3, .series4][((index % 4) + 4) % 4]
  }
}

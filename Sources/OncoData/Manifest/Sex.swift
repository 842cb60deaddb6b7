import Foundation

/// A person's sex as recorded in a manifest: `M` or `F`.
///
/// Accepted spellings, ignoring case and surrounding spaces: `M`, `male`, `man` and `F`, `female`,
/// `woman`. Anything else (including `other`, `unknown`, `0`/`1`) is not guessed at: the row is
/// reported as "unknown sex".
public enum Sex: String, Sendable, Hashable, CaseIterable, Comparable, CustomStringConvertible {
  case male = "M"
  case female = "F"

  /// Parses one of the accepted spellings; nil otherwise.
  public init?(spelling: String) {
    switch spelling.trimmingCharacters(in: .whitespaces).lowercased() {
    case "m", "male", "man": self = .male
    case "f", "female", "woman": self = .female
    default: return nil
    }
  }

  public var description: String { rawValue }

  public static func < (a: Sex, b: Sex) -> Bool { a.rawValue < b.rawValue }
}

import Foundation

/// The part of a data set an image belongs to; the raw value is what a `split` column holds.
public enum Split: String, Sendable, Hashable, CaseIterable, Comparable, CustomStringConvertible {
  case train
  case validation = "val"
  case test

  /// Parses `train`, `val`/`validation` or `test`, ignoring case and surrounding spaces.
  public init?(spelling: String) {
    switch spelling.trimmingCharacters(in: .whitespaces).lowercased() {
    case "train": self = .train
    case "val", "validation": self = .validation
    case "test": self = .test
    default: return nil
    }
  }

  public var description: String { rawValue }

  public static func < (a: Split, b: Split) -> Bool {
    allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
  }
}

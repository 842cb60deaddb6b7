import Foundation

/// A matching stratum: one sex and one age bin [bin·width, (bin+1)·width).
public struct Stratum: Sendable, Hashable, Comparable, CustomStringConvertible {
  public var sex: Sex
  public var bin: Int
  public var binWidth: Double

  public init(sex: Sex, age: Double, binWidth: Double) {
    self.sex = sex
    bin = Int((age / binWidth).rounded(.down))
    self.binWidth = binWidth
  }

  public var lowerAge: Double { Double(bin) * binWidth }
  public var upperAge: Double { Double(bin + 1) * binWidth }

  /// `40-44` for whole-year bins (ages 40 up to but not including 45), `[42.5, 45)` otherwise.
  public var ageRange: String {
    if binWidth == binWidth.rounded(), lowerAge == lowerAge.rounded() {
      let width = Int(binWidth)
      return width == 1 ? "\(Int(lowerAge))" : "\(Int(lowerAge))-\(Int(lowerAge) + width - 1)"
    }
    return "[\(Stratum.format(lowerAge)), \(Stratum.format(upperAge)))"
  }

  /// `F 40-44`.
  public var description: String { "\(sex) \(ageRange)" }

  public static func < (a: Stratum, b: Stratum) -> Bool { (a.sex, a.bin) < (b.sex, b.bin) }

  static func format(_ value: Double) -> String {
    value == value.rounded() && abs(value) < 1e9 ? String(Int(value)) : String(format: "%g", value)
  }
}

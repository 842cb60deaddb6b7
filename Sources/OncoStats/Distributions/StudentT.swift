/// Student's t distribution with `degreesOfFreedom` (> 0, not necessarily whole) degrees of freedom.
public struct StudentT: Sendable, Hashable {
  public let degreesOfFreedom: Double

  public init(degreesOfFreedom: Double) {
    precondition(degreesOfFreedom > 0, "StudentT needs positive degrees of freedom")
    self.degreesOfFreedom = degreesOfFreedom
  }

  /// P(T ≤ t), through I_{ν/(ν+t²)}(ν/2, 1/2), precise in both tails.
  public func cdf(_ t: Double) -> Double {
    if t == 0 { return 0.5 }
    let v = degreesOfFreedom
    let tail = 0.5 * SpecialFunctions.regularizedBeta(v / (v + t * t), v / 2, 0.5)
    return t < 0 ? tail : 1 - tail
  }

  /// P(T > t).
  public func survival(_ t: Double) -> Double { cdf(-t) }

  /// The two-sided p-value of a t statistic: P(|T| ≥ |t|).
  public func twoSidedP(_ t: Double) -> Double { min(1, 2 * cdf(-abs(t))) }
}

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

  /// The t with P(T ≤ t) = `p` (0 < p < 1), by bisection on `cdf`: as precise as `cdf`
  /// (about 1e-8 near the centre, better in the tails where intervals are read).
  public func quantile(_ p: Double) -> Double {
    precondition(p > 0 && p < 1, "StudentT.quantile needs 0 < p < 1")
    if p == 0.5 { return 0 }
    var low = -1.0
    var high = 1.0
    while cdf(low) > p { low *= 2 }
    while cdf(high) < p { high *= 2 }
    for _ in 0..<200 {
      let mid = (low + high) / 2
      if mid == low || mid == high { break }
      if cdf(mid) < p { low = mid } else { high = mid }
    }
    return (low + high) / 2
  }
}

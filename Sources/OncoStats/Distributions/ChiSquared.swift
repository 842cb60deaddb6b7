/// The chi-square distribution with `degreesOfFreedom` (> 0) degrees of freedom.
public struct ChiSquared: Sendable, Hashable {
  public let degreesOfFreedom: Double

  public init(degreesOfFreedom: Double) {
    precondition(degreesOfFreedom > 0, "ChiSquared needs positive degrees of freedom")
    self.degreesOfFreedom = degreesOfFreedom
  }

  /// P(X ≤ x).
  public func cdf(_ x: Double) -> Double {
    x <= 0 ? 0 : SpecialFunctions.regularizedGammaP(degreesOfFreedom / 2, x / 2)
  }

  /// P(X > x): the p-value of a chi-square statistic x, precise in the far tail.
  public func survival(_ x: Double) -> Double {
    x <= 0 ? 1 : SpecialFunctions.regularizedGammaQ(degreesOfFreedom / 2, x / 2)
  }
}

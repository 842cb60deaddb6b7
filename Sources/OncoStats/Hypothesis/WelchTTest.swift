/// Welch's two-sample t-test (unequal variances): is the mean of `a` different from that of `b`?
///
/// The statistic t = (mean a − mean b) / √(s²a/na + s²b/nb) with Welch–Satterthwaite degrees of freedom
/// and a two-sided p-value, as scipy's `ttest_ind(a, b, equal_var=False)`.
public struct WelchTTest: Sendable, Hashable {
  public let statistic: Double
  public let degreesOfFreedom: Double
  /// Two-sided.
  public let p: Double

  public init(_ a: [Double], _ b: [Double]) throws {
    guard a.count >= 2, b.count >= 2 else {
      throw StatsError.tooFewValues(
        what: "A Welch t-test (per group)", needed: 2,
        got: min(a.count, b.count))
    }
    let x = SampleSummary(a)
    let y = SampleSummary(b)
    let vx = x.variance / Double(x.count)
    let vy = y.variance / Double(y.count)
    guard vx + vy > 0 else { throw StatsError.noVariation("Welch t-test") }
    statistic = (x.mean - y.mean) / (vx + vy).squareRoot()
    degreesOfFreedom =
      (vx + vy) * (vx + vy)
      / (vx * vx / Double(x.count - 1) + vy * vy / Double(y.count - 1))
    p = StudentT(degreesOfFreedom: degreesOfFreedom).twoSidedP(statistic)
  }
}

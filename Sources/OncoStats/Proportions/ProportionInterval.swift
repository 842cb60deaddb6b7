/// A confidence interval for a proportion `successes / count`.
///
///     ProportionInterval.wilson(successes: 37, count: 150)   // 0.185 … 0.320
///     ProportionInterval.exact(successes: 37, count: 150)    // Clopper–Pearson
public struct ProportionInterval: Sendable, Hashable {
  public let successes: Int
  public let count: Int
  public let lower: Double
  public let upper: Double
  public let level: Double

  public var proportion: Double { Double(successes) / Double(count) }

  /// The Wilson score interval (no continuity correction): good coverage even for small counts and
  /// proportions near 0 or 1; scipy's `binomtest(k, n).proportion_ci(method="wilson")`.
  public static func wilson(successes: Int, count: Int, level: Double = 0.95) throws
    -> ProportionInterval
  {
    try check(successes, count, level)
    let n = Double(count)
    let p = Double(successes) / n
    let z = Normal.quantile(0.5 + level / 2)
    let z2 = z * z
    let center = (p + z2 / (2 * n)) / (1 + z2 / n)
    let half = z / (1 + z2 / n) * (p * (1 - p) / n + z2 / (4 * n * n)).squareRoot()
    return ProportionInterval(
      successes: successes, count: count, lower: max(0, center - half),
      upper: min(1, center + half), level: level)
  }

  /// The exact (Clopper–Pearson) interval from beta quantiles; never shorter than it must be.
  public static func exact(successes: Int, count: Int, level: Double = 0.95) throws
    -> ProportionInterval
  {
    try check(successes, count, level)
    let k = Double(successes)
    let n = Double(count)
    let alpha = 1 - level
    let lower =
      successes == 0
      ? 0 : SpecialFunctions.inverseRegularizedBeta(alpha / 2, k, n - k + 1)
    let upper =
      successes == count
      ? 1 : SpecialFunctions.inverseRegularizedBeta(1 - alpha / 2, k + 1, n - k)
    return ProportionInterval(
      successes: successes, count: count, lower: lower, upper: upper,
      level: level)
  }

  private static func check(_ successes: Int, _ count: Int, _ level: Double) throws {
    guard count > 0, (0...count).contains(successes) else {
      throw StatsError.invalidArgument(
        "a proportion needs 0 ≤ successes (\(successes)) ≤ count (\(count))"
          + " and count > 0")
    }
    guard level > 0, level < 1 else {
      throw StatsError.invalidArgument("confidence level \(level) is not between 0 and 1")
    }
  }
}

/// Cohen's d: the difference of two means in units of their pooled standard deviation, with a
/// confidence interval.
///
/// d = (mean a − mean b) / s_pooled, s²_pooled = ((na−1)s²a + (nb−1)s²b) / (na + nb − 2). The interval
/// is d ± z·SE with the large-sample SE = √((na+nb)/(na·nb) + d²/(2(na+nb))) (Hedges & Olkin 1985).
public struct CohenD: Sendable, Hashable {
  public let value: Double
  public let standardError: Double
  public let lower: Double
  public let upper: Double
  public let level: Double

  public init(_ a: [Double], _ b: [Double], level: Double = 0.95) throws {
    guard a.count >= 2, b.count >= 2 else {
      throw StatsError.tooFewValues(
        what: "Cohen's d (per group)", needed: 2, got: min(a.count, b.count))
    }
    guard level > 0, level < 1 else {
      throw StatsError.invalidArgument("confidence level \(level) is not between 0 and 1")
    }
    let x = SampleSummary(a)
    let y = SampleSummary(b)
    let na = Double(x.count)
    let nb = Double(y.count)
    let pooled = (((na - 1) * x.variance + (nb - 1) * y.variance) / (na + nb - 2)).squareRoot()
    guard pooled > 0 else { throw StatsError.noVariation("Cohen's d") }
    let d = (x.mean - y.mean) / pooled
    let se = ((na + nb) / (na * nb) + d * d / (2 * (na + nb))).squareRoot()
    let z = Normal.quantile(0.5 + level / 2)
    value = d
    standardError = se
    lower = d - z * se
    upper = d + z * se
    self.level = level
  }
}

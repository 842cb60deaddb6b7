/// An AUC with its DeLong standard error and confidence interval.
public struct AucInterval: Sendable, Hashable {
  public var auc: Double
  /// DeLong's variance of the AUC estimate.
  public var variance: Double
  public var standardError: Double { variance.squareRoot() }
  /// The interval auc ± z·SE, clipped to [0, 1].
  public var lower: Double
  public var upper: Double
  /// The confidence level, e.g. 0.95.
  public var level: Double
}

extension RocCurve {
  /// The DeLong confidence interval of the AUC (DeLong, DeLong & Clarke-Pearson, Biometrics 1988):
  /// variance = var(V10)/positives + var(V01)/negatives over the placement values (ties count one
  /// half), the interval auc ± z·SE with the normal quantile z. Equals the fast algorithm of Sun & Xu
  /// (2014) to 1e-9 on the fixtures. Needs at least two examples of each class.
  public func delongInterval(level: Double = 0.95) throws -> AucInterval {
    guard level > 0, level < 1 else {
      throw StatsError.invalidArgument("confidence level \(level) is not between 0 and 1")
    }
    guard positives >= 2, negatives >= 2 else {
      throw StatsError.tooFewValues(
        what: "A DeLong interval (per class)", needed: 2,
        got: min(positives, negatives))
    }
    // Placement values per score group, scores descending: a positive's V10 is the share of negatives
    // it beats (ties one half), a negative's V01 the share of positives that beat it.
    var v10: [(value: Double, count: Int)] = []
    var v01: [(value: Double, count: Int)] = []
    var positivesAbove = 0
    var negativesAbove = 0
    let p = Double(positives)
    let n = Double(negatives)
    for group in groups {
      let negativesBelow = negatives - negativesAbove - group.negatives
      if group.positives > 0 {
        v10.append(((Double(negativesBelow) + Double(group.negatives) / 2) / n, group.positives))
      }
      if group.negatives > 0 {
        v01.append(((Double(positivesAbove) + Double(group.positives) / 2) / p, group.negatives))
      }
      positivesAbove += group.positives
      negativesAbove += group.negatives
    }
    func sampleVariance(_ values: [(value: Double, count: Int)], total: Int) -> Double {
      let mean = values.reduce(0) { $0 + $1.value * Double($1.count) } / Double(total)
      let squares = values.reduce(0) {
        $0 + Double($1.count) * ($1.value - mean) * ($1.value - mean)
      }
      return squares / Double(total - 1)
    }
    let variance =
      sampleVariance(v10, total: positives) / p + sampleVariance(v01, total: negatives) / n
    let z = Normal.quantile(0.5 + level / 2)
    let se = variance.squareRoot()
    return AucInterval(
      auc: area, variance: variance, lower: max(0, area - z * se),
      upper: min(1, area + z * se), level: level)
  }
}

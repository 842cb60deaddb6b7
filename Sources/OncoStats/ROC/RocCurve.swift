/// One point of a ROC curve: the rates when every score ≥ `threshold` is called positive.
public struct RocPoint: Sendable, Hashable {
  public var falsePositiveRate: Double
  public var truePositiveRate: Double
  /// +∞ for the first point (nothing called positive).
  public var threshold: Double

  public init(falsePositiveRate: Double, truePositiveRate: Double, threshold: Double) {
    self.falsePositiveRate = falsePositiveRate
    self.truePositiveRate = truePositiveRate
    self.threshold = threshold
  }
}

/// The ROC curve of scores against binary labels, over every threshold, with its area.
///
/// Like scikit-learn's `roc_curve(…, drop_intermediate=False)`: one point per distinct score, from
/// (0, 0) at threshold +∞ down to (1, 1) at the lowest score; a score ≥ the threshold is called
/// positive. The area counts a tied positive/negative pair as one half, so it equals the
/// Mann–Whitney U statistic divided by (positives × negatives), computed exactly from counts.
///
///     let curve = try RocCurve(scores: [0.1, 0.4, 0.35, 0.8], labels: [false, false, true, true])
///     curve.area                        // 0.75
///     curve.youdenPoint.threshold       // 0.8
///     try curve.delongInterval().lower  // 0.057…
public struct RocCurve: Sendable {
  /// The curve, thresholds descending.
  public let points: [RocPoint]
  public let positives: Int
  public let negatives: Int
  /// Area under the curve (AUC), in [0, 1].
  public let area: Double
  /// Per distinct score (descending): how many positives and negatives have it; DeLong needs these.
  let groups: [(positives: Int, negatives: Int)]

  /// Builds the curve; `labels[i]` is true for a positive example. Both classes must be present and
  /// every score finite.
  public init(scores: [Double], labels: [Bool]) throws {
    guard scores.count == labels.count else {
      throw StatsError.lengthMismatch(scores: scores.count, labels: labels.count)
    }
    if let bad = scores.firstIndex(where: { !$0.isFinite }) {
      throw StatsError.nonFiniteScore(index: bad)
    }
    let p = labels.count { $0 }
    let n = labels.count - p
    guard p > 0, n > 0 else { throw StatsError.needsBothClasses(positives: p, negatives: n) }
    let order = scores.indices.sorted { scores[$0] > scores[$1] }
    var points = [RocPoint(falsePositiveRate: 0, truePositiveRate: 0, threshold: .infinity)]
    var groups: [(positives: Int, negatives: Int)] = []
    var tp = 0
    var fp = 0
    var twiceU = 0  // 2 × Mann–Whitney U: each negative scores 2 per positive above it, 1 per tie
    var k = 0
    while k < order.count {
      let score = scores[order[k]]
      var groupTP = 0
      var groupFP = 0
      while k < order.count, scores[order[k]] == score {
        if labels[order[k]] { groupTP += 1 } else { groupFP += 1 }
        k += 1
      }
      twiceU += groupFP * (2 * tp + groupTP)
      tp += groupTP
      fp += groupFP
      groups.append((groupTP, groupFP))
      points.append(
        RocPoint(
          falsePositiveRate: Double(fp) / Double(n),
          truePositiveRate: Double(tp) / Double(p), threshold: score))
    }
    self.points = points
    self.groups = groups
    positives = p
    negatives = n
    area = Double(twiceU) / (2 * Double(p) * Double(n))
  }

  /// The point maximising Youden's J = sensitivity + specificity − 1 (the highest threshold among
  /// ties, as numpy's argmax picks it). Its threshold is +∞ when no threshold beats chance.
  public var youdenPoint: RocPoint {
    var best = points[0]
    for point in points.dropFirst()
    where point.truePositiveRate - point.falsePositiveRate
      > best.truePositiveRate - best.falsePositiveRate
    {
      best = point
    }
    return best
  }
}

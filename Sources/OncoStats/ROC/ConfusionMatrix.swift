/// Counts of right and wrong calls at one threshold, and the rates a reader asks for.
///
/// A score ≥ `threshold` is called positive (the ROC convention). A rate whose denominator is zero
/// (e.g. sensitivity without positives) is NaN.
public struct ConfusionMatrix: Sendable, Hashable {
  public var threshold: Double
  public var truePositives: Int
  public var falsePositives: Int
  public var trueNegatives: Int
  public var falseNegatives: Int

  /// Counts the calls of `scores` at `threshold` against `labels` (true = positive).
  public init(scores: [Double], labels: [Bool], threshold: Double) throws {
    guard scores.count == labels.count else {
      throw StatsError.lengthMismatch(scores: scores.count, labels: labels.count)
    }
    self.threshold = threshold
    truePositives = 0
    falsePositives = 0
    trueNegatives = 0
    falseNegatives = 0
    for (score, label) in zip(scores, labels) {
      switch (score >= threshold, label) {
      case (true, true): truePositives += 1
      case (true, false): falsePositives += 1
      case (false, false): trueNegatives += 1
      case (false, true): falseNegatives += 1
      }
    }
  }

  public var count: Int { truePositives + falsePositives + trueNegatives + falseNegatives }
  /// (TP + TN) / all.
  public var accuracy: Double { Double(truePositives + trueNegatives) / Double(count) }
  /// TP / (TP + FN): the true positive rate, recall.
  public var sensitivity: Double { Double(truePositives) / Double(truePositives + falseNegatives) }
  /// TN / (TN + FP): the true negative rate.
  public var specificity: Double { Double(trueNegatives) / Double(trueNegatives + falsePositives) }
  /// TP / (TP + FP): the positive predictive value.
  public var precision: Double { Double(truePositives) / Double(truePositives + falsePositives) }
}

/// Everything a training run reports about a binary classifier on one data split.
///
///     let eval = try BinaryEvaluation(scores: probabilities, labels: isCase)
///     eval.curve.points          // → roc.csv (fpr, tpr, threshold)
///     eval.auc, eval.interval?.lower, eval.interval?.upper
///     eval.atHalf.accuracy, eval.atYouden.sensitivity
public struct BinaryEvaluation: Sendable {
  public let curve: RocCurve
  /// The DeLong interval; nil when a class has fewer than two examples.
  public let interval: AucInterval?
  /// Calls at score ≥ 0.5.
  public let atHalf: ConfusionMatrix
  /// Calls at the Youden threshold (`curve.youdenPoint`).
  public let atYouden: ConfusionMatrix

  public var auc: Double { curve.area }

  /// Evaluates `scores` (e.g. probabilities of the positive class) against `labels` (true = positive).
  public init(scores: [Double], labels: [Bool], level: Double = 0.95) throws {
    curve = try RocCurve(scores: scores, labels: labels)
    interval =
      curve.positives >= 2 && curve.negatives >= 2
      ? try curve.delongInterval(level: level) : nil
    atHalf = try ConfusionMatrix(scores: scores, labels: labels, threshold: 0.5)
    atYouden = try ConfusionMatrix(
      scores: scores, labels: labels,
      threshold: curve.youdenPoint.threshold)
  }

  /// The same for single-precision scores, as a network produces them.
  public init(scores: [Float], labels: [Bool], level: Double = 0.95) throws {
    try self.init(scores: scores.map(Double.init), labels: labels, level: level)
  }
}

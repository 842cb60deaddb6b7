/// The line of metrics.jsonl written when the best epoch's weights are evaluated on the test set.
///
///     {"kind":"test","epoch":3,"auc":0.951,"auc_low":0.91,"auc_high":0.99,"accuracy":0.89,…}
public struct TestMetrics: Codable, Sendable, Equatable {
  /// The epoch whose weights were evaluated (the best on validation).
  public var epoch: Int
  public var count: Int
  public var loss: Double
  /// Accuracy, sensitivity and specificity at probability threshold 0.5.
  public var accuracy: Double
  public var sensitivity: Double
  public var specificity: Double
  public var auc: Double
  /// DeLong 95% confidence interval of the AUC.
  public var aucLow: Double
  public var aucHigh: Double
  /// The Youden threshold (max sensitivity + specificity − 1) and the accuracy there.
  public var youdenThreshold: Double
  public var youdenAccuracy: Double
  public var seconds: Double

  public init(
    epoch: Int, count: Int, loss: Double, accuracy: Double, sensitivity: Double,
    specificity: Double, auc: Double, aucLow: Double, aucHigh: Double, youdenThreshold: Double,
    youdenAccuracy: Double, seconds: Double
  ) {
    self.epoch = epoch
    self.count = count
    self.loss = loss
    self.accuracy = accuracy
    self.sensitivity = sensitivity
    self.specificity = specificity
    self.auc = auc
    self.aucLow = aucLow
    self.aucHigh = aucHigh
    self.youdenThreshold = youdenThreshold
    self.youdenAccuracy = youdenAccuracy
    self.seconds = seconds
  }

  enum CodingKeys: String, CodingKey {
    case epoch, count, loss, accuracy, sensitivity, specificity, auc
    case aucLow = "auc_low"
    case aucHigh = "auc_high"
    case youdenThreshold = "youden_threshold"
    case youdenAccuracy = "youden_accuracy"
    case seconds
  }
}

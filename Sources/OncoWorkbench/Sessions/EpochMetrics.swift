/// One line of metrics.jsonl per finished epoch: losses, accuracy and AUC on train and validation.
///
/// `seconds` and `imagesPerSecond` are the only timing fields; two runs with the same seed and one
/// thread agree on every other field exactly.
///
///     {"epoch":3,"kind":"epoch","train_loss":0.31,"val_auc":0.962,"learning_rate":0.0003,…}
public struct EpochMetrics: Codable, Sendable, Equatable {
  public var epoch: Int
  public var trainLoss: Double
  public var trainAccuracy: Double
  public var validationLoss: Double
  public var validationAccuracy: Double
  public var validationAUC: Double
  /// The learning rate at the end of the epoch.
  public var learningRate: Double
  /// True when this epoch's validation AUC is the best so far (its weights are the session's
  /// model).
  public var isBest: Bool
  /// Wall-clock seconds of the epoch (training and validation).
  public var seconds: Double
  /// Training images per second.
  public var imagesPerSecond: Double

  public init(
    epoch: Int, trainLoss: Double, trainAccuracy: Double, validationLoss: Double,
    validationAccuracy: Double, validationAUC: Double, learningRate: Double, isBest: Bool,
    seconds: Double, imagesPerSecond: Double
  ) {
    self.epoch = epoch
    self.trainLoss = trainLoss
    self.trainAccuracy = trainAccuracy
    self.validationLoss = validationLoss
    self.validationAccuracy = validationAccuracy
    self.validationAUC = validationAUC
    self.learningRate = learningRate
    self.isBest = isBest
    self.seconds = seconds
    self.imagesPerSecond = imagesPerSecond
  }

  enum CodingKeys: String, CodingKey {
    case epoch
    case trainLoss = "train_loss"
    case trainAccuracy = "train_accuracy"
    case validationLoss = "val_loss"
    case validationAccuracy = "val_accuracy"
    case validationAUC = "val_auc"
    case learningRate = "learning_rate"
    case isBest = "best"
    case seconds
    case imagesPerSecond = "images_per_second"
  }
}

/// Early stopping on validation AUC: remembers the best epoch and stops after `patience` epochs in
/// a row without a strictly higher AUC.
///
/// It holds no state beyond what metrics.jsonl records, so a resumed run rebuilds it by replaying
/// the saved epochs.
///
///     var stopping = EarlyStopping(patience: 2)
///     let isBest = stopping.record(epoch: 1, auc: 0.91)   // true
///     if stopping.shouldStop { … }
public struct EarlyStopping: Sendable, Equatable {
  public let patience: Int
  public private(set) var bestEpoch: Int?
  public private(set) var bestAUC: Double?
  public private(set) var epochsWithoutImprovement = 0

  public init(patience: Int) {
    precondition(patience >= 1, "patience must be at least 1")
    self.patience = patience
  }

  /// The state after the saved epochs of a run.
  public init(patience: Int, replaying epochs: [EpochMetrics]) {
    self.init(patience: patience)
    for m in epochs { record(epoch: m.epoch, auc: m.validationAUC) }
  }

  /// Records an epoch's validation AUC; true when it is the best so far (its weights become the
  /// model). An undefined AUC (NaN) never counts as an improvement.
  @discardableResult
  public mutating func record(epoch: Int, auc: Double) -> Bool {
    if auc > (bestAUC ?? -.infinity) {
      bestEpoch = epoch
      bestAUC = auc
      epochsWithoutImprovement = 0
      return true
    }
    epochsWithoutImprovement += 1
    return false
  }

  /// True when the last `patience` epochs brought no improvement.
  public var shouldStop: Bool { epochsWithoutImprovement >= patience }
}

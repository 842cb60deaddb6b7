/// Early stopping on validation AUC: remembers the best epoch and stops after `patience` epochs in
/// a row without a better one.
///
/// Better means a strictly higher AUC, or the same AUC with a strictly lower validation loss. On a
/// small validation set a half-trained network often ranks every face right already (AUC 1.0 at
/// accuracy 0.6); the tie-break keeps the later, better-calibrated epoch instead of the first one.
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
  /// The validation loss of the best epoch (infinity before the first).
  public private(set) var bestLoss = Double.infinity
  public private(set) var epochsWithoutImprovement = 0

  public init(patience: Int) {
    precondition(patience >= 1, "patience must be at least 1")
    self.patience = patience
  }

  /// The state after the saved epochs of a run.
  public init(patience: Int, replaying epochs: [EpochMetrics]) {
    self.init(patience: patience)
    for m in epochs { record(epoch: m.epoch, auc: m.validationAUC, loss: m.validationLoss) }
  }

  /// Records an epoch's validation AUC and loss; true when it is the best so far (its weights
  /// become the model). An undefined AUC (NaN) never counts as an improvement, nor does an
  /// undefined loss break a tie.
  @discardableResult
  public mutating func record(epoch: Int, auc: Double, loss: Double = .nan) -> Bool {
    if auc > (bestAUC ?? -.infinity) || (auc == bestAUC && loss < bestLoss) {
      bestEpoch = epoch
      bestAUC = auc
      bestLoss = loss.isNaN ? .infinity : loss
      epochsWithoutImprovement = 0
      return true
    }
    epochsWithoutImprovement += 1
    return false
  }

  /// True when the last `patience` epochs brought no improvement.
  public var shouldStop: Bool { epochsWithoutImprovement >= patience }
}

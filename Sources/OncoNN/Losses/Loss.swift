/// A loss value with its gradient with respect to the logits.
public struct LossResult: Sendable {
  /// The mean loss over the batch (class-weighted when weights are given).
  public let value: Double
  /// d(loss)/d(logits), shaped like the logits; pass it to `Network.backward`.
  public let gradient: Tensor
  /// Predicted probability of each sample's classes (`[n, classes]`; `[n, 1]` for binary logistic).
  public let probabilities: Tensor
}

/// Errors of the losses: labels that do not fit the logits.
public enum LossError: Error, CustomStringConvertible, Equatable {
  case labelCount(expected: Int, got: Int)
  case labelOutOfRange(label: Int, classes: Int)
  case weightCount(expected: Int, got: Int)
  case emptyBatch

  public var description: String {
    switch self {
    case let .labelCount(e, g): return "loss: \(g) labels for a batch of \(e) logits"
    case let .labelOutOfRange(l, c): return "loss: label \(l) is outside 0..<\(c) classes"
    case let .weightCount(e, g):
      return "loss: \(g) class weights given, the logits have \(e) classes"
    case .emptyBatch: return "loss: the batch is empty"
    }
  }
}

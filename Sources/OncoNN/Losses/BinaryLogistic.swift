import Foundation

/// Binary logistic loss on one logit per sample (`[n, 1]`) with labels 0 or 1 and optional class
/// weights `[negative, positive]`.
///
/// `loss = Σ w[yᵢ]·(log(1 + e^{zᵢ}) − yᵢ·zᵢ) / Σ w[yᵢ]`, evaluated stably for large |z|.
public struct BinaryLogistic: Sendable {
  public let classWeights: [Float]?

  public init(classWeights: [Float]? = nil) { self.classWeights = classWeights }

  public func evaluate(logits: Tensor, labels: [Int]) throws -> LossResult {
    let n = logits.shape.n
    guard n > 0 else { throw LossError.emptyBatch }
    guard logits.shape.sampleCount == 1 else {
      throw TensorError.shapeMismatch(
        operation: "binary logistic loss", expected: Shape(dimensions: [n, 1]), got: logits.shape)
    }
    guard labels.count == n else { throw LossError.labelCount(expected: n, got: labels.count) }
    if let w = classWeights, w.count != 2 { throw LossError.weightCount(expected: 2, got: w.count) }
    for l in labels where l != 0 && l != 1 { throw LossError.labelOutOfRange(label: l, classes: 2) }

    let gradient = Tensor(shape: logits.shape)
    let probabilities = Tensor(shape: logits.shape)
    var total = 0.0
    var weightSum = 0.0
    for i in 0..<n {
      let z = Double(logits.pointer[i])
      let y = Double(labels[i])
      let w = Double(classWeights?[labels[i]] ?? 1)
      // softplus(z) − y·z, with softplus(z) = max(z, 0) + log(1 + e^{−|z|}).
      total += w * (max(z, 0) + log1p(exp(-abs(z))) - y * z)
      weightSum += w
      let p = z >= 0 ? 1 / (1 + exp(-z)) : exp(z) / (1 + exp(z))
      probabilities.pointer[i] = Float(p)
      gradient.pointer[i] = Float(w * (p - y))
    }
    for i in 0..<n { gradient.pointer[i] = Float(Double(gradient.pointer[i]) / weightSum) }
    return LossResult(value: total / weightSum, gradient: gradient, probabilities: probabilities)
  }
}

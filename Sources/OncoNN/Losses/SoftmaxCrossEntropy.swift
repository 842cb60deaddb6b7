import Foundation

/// Softmax cross-entropy over `[n, classes]` logits with integer labels and optional class weights.
///
/// With weights w, the loss is `Σ w[yᵢ]·(−log pᵢ[yᵢ]) / Σ w[yᵢ]` (PyTorch's weighted mean), so
/// rare classes can count more. Computed in double precision with the log-sum-exp shift.
public struct SoftmaxCrossEntropy: Sendable {
  public let classWeights: [Float]?

  public init(classWeights: [Float]? = nil) { self.classWeights = classWeights }

  public func evaluate(logits: Tensor, labels: [Int]) throws -> LossResult {
    let n = logits.shape.n
    let k = logits.shape.sampleCount
    guard n > 0 else { throw LossError.emptyBatch }
    guard labels.count == n else { throw LossError.labelCount(expected: n, got: labels.count) }
    if let w = classWeights, w.count != k { throw LossError.weightCount(expected: k, got: w.count) }
    for l in labels where l < 0 || l >= k { throw LossError.labelOutOfRange(label: l, classes: k) }

    let gradient = Tensor(shape: logits.shape)
    let probabilities = Tensor(shape: logits.shape)
    var total = 0.0
    var weightSum = 0.0
    var p = [Double](repeating: 0, count: k)
    for i in 0..<n {
      let row = logits.pointer + i * k
      var top = -Double.infinity
      for j in 0..<k { top = max(top, Double(row[j])) }
      var sum = 0.0
      for j in 0..<k {
        p[j] = exp(Double(row[j]) - top)
        sum += p[j]
      }
      let w = Double(classWeights?[labels[i]] ?? 1)
      total += w * (log(sum) + top - Double(row[labels[i]]))
      weightSum += w
      for j in 0..<k {
        p[j] /= sum
        probabilities.pointer[i * k + j] = Float(p[j])
        gradient.pointer[i * k + j] = Float(w * (p[j] - (j == labels[i] ? 1 : 0)))
      }
    }
    if weightSum > 0 {
      for i in 0..<gradient.count {
        gradient.pointer[i] = Float(Double(gradient.pointer[i]) / weightSum)
      }
    }
    return LossResult(
      value: weightSum > 0 ? total / weightSum : 0, gradient: gradient, probabilities: probabilities
    )
  }

  /// Softmax probabilities of `[n, classes]` logits (for predictions without labels).
  public static func probabilities(_ logits: Tensor) -> Tensor {
    let n = logits.shape.n
    let k = logits.shape.sampleCount
    let out = Tensor(shape: logits.shape)
    for i in 0..<n {
      let row = logits.pointer + i * k
      var top = -Double.infinity
      for j in 0..<k { top = max(top, Double(row[j])) }
      var sum = 0.0
      for j in 0..<k { sum += exp(Double(row[j]) - top) }
      for j in 0..<k { out.pointer[i * k + j] = Float(exp(Double(row[j]) - top) / sum) }
    }
    return out
  }
}

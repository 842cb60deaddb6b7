import Foundation

/// Adam with decoupled weight decay (Loshchilov & Hutter), as PyTorch's AdamW.
///
/// `w ← w − η·λ·w`, then `m ← β₁m + (1−β₁)g`, `v ← β₂v + (1−β₂)g²`,
/// `w ← w − η·m̂/(√v̂ + ε)` with bias-corrected m̂, v̂ counted per parameter.
public final class AdamW: Optimizer, @unchecked Sendable {
  public var learningRate: Float
  public var schedule: LearningRateSchedule
  public let beta1: Float
  public let beta2: Float
  public let epsilon: Float
  public let weightDecay: Float
  public private(set) var groups: [ParameterGroup]
  public private(set) var stepCount = 0
  private var first = MomentBuffers()
  private var second = MomentBuffers()
  private var steps: [String: Int] = [:]

  public init(
    groups: [ParameterGroup], learningRate: Float = 1e-3, beta1: Float = 0.9, beta2: Float = 0.999,
    epsilon: Float = 1e-8, weightDecay: Float = 0.01, schedule: LearningRateSchedule = .constant
  ) {
    self.groups = groups
    self.learningRate = learningRate
    self.beta1 = beta1
    self.beta2 = beta2
    self.epsilon = epsilon
    self.weightDecay = weightDecay
    self.schedule = schedule
  }

  public func step() {
    forEachUpdate { p, lr, decay in
      p.markChanged()
      let t = (steps[p.name] ?? 0) + 1
      steps[p.name] = t
      let c1 = 1 - powf(beta1, Float(t))
      let c2 = 1 - powf(beta2, Float(t))
      let w = p.pointer
      let g = p.gradientPointer
      let m = first.pointer(for: p)
      let v = second.pointer(for: p)
      let (beta1, beta2, epsilon) = (beta1, beta2, epsilon)
      Engine.parallelRanges(p.value.count, minimumPerPart: 1 << 16) { range, _ in
        for i in range {
          w[i] -= lr * decay * w[i]
          m[i] = beta1 * m[i] + (1 - beta1) * g[i]
          v[i] = beta2 * v[i] + (1 - beta2) * g[i] * g[i]
          w[i] -= lr * (m[i] / c1) / ((v[i] / c2).squareRoot() + epsilon)
        }
      }
    }
    stepCount += 1
  }

  public func state() -> OptimizerState {
    var tensors: [String: Tensor] = [:]
    first.export("m", into: &tensors)
    second.export("v", into: &tensors)
    var metadata = ["optimizer.kind": "adamw", "optimizer.step": String(stepCount)]
    for (name, t) in steps { metadata["optimizer.\(name).step"] = String(t) }
    return OptimizerState(tensors: tensors, metadata: metadata)
  }

  public func load(_ state: OptimizerState) throws {
    let kind = state.metadata["optimizer.kind"] ?? "none"
    guard kind == "adamw" else { throw OptimizerError.wrongKind(expected: "adamw", found: kind) }
    guard let step = state.metadata["optimizer.step"].flatMap(Int.init) else {
      throw OptimizerError.missing("optimizer.step")
    }
    let parameters = groups.flatMap(\.parameters)
    try first.load("m", from: state.tensors, for: parameters)
    try second.load("v", from: state.tensors, for: parameters)
    steps = [:]
    for p in parameters {
      if let s = state.metadata["optimizer.\(p.name).step"].flatMap(Int.init) { steps[p.name] = s }
    }
    stepCount = step
  }
}

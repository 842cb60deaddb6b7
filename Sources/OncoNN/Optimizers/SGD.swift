/// Stochastic gradient descent with momentum (optionally Nesterov) and L2 weight decay.
///
/// PyTorch's rule: `g ← ∇ + λ·w`, `v ← μ·v + g`, `w ← w − η·(Nesterov ? g + μ·v : v)`, with λ the
/// weight decay times the group's scale and η the scheduled rate times the group's scale.
public final class SGD: Optimizer, @unchecked Sendable {
  public var learningRate: Float
  public var schedule: LearningRateSchedule
  public let momentum: Float
  public let nesterov: Bool
  public let weightDecay: Float
  public private(set) var groups: [ParameterGroup]
  public private(set) var stepCount = 0
  private var velocity = MomentBuffers()

  public init(
    groups: [ParameterGroup], learningRate: Float, momentum: Float = 0.9, nesterov: Bool = false,
    weightDecay: Float = 0, schedule: LearningRateSchedule = .constant
  ) {
    self.groups = groups
    self.learningRate = learningRate
    self.momentum = momentum
    self.nesterov = nesterov
    self.weightDecay = weightDecay
    self.schedule = schedule
  }

  public func step() {
    let momentum = momentum
    let nesterov = nesterov
    forEachUpdate { p, lr, decay in
      p.markChanged()
      let w = p.pointer
      let g = p.gradientPointer
      let v = momentum != 0 ? velocity.pointer(for: p) : nil
      Engine.parallelRanges(p.value.count, minimumPerPart: 1 << 16) { range, _ in
        for i in range {
          var d = g[i] + decay * w[i]
          if let v {
            v[i] = momentum * v[i] + d
            d = nesterov ? d + momentum * v[i] : v[i]
          }
          w[i] -= lr * d
        }
      }
    }
    stepCount += 1
  }

  public func state() -> OptimizerState {
    var tensors: [String: Tensor] = [:]
    velocity.export("momentum", into: &tensors)
    return OptimizerState(
      tensors: tensors, metadata: ["optimizer.kind": "sgd", "optimizer.step": String(stepCount)])
  }

  public func load(_ state: OptimizerState) throws {
    let kind = state.metadata["optimizer.kind"] ?? "none"
    guard kind == "sgd" else { throw OptimizerError.wrongKind(expected: "sgd", found: kind) }
    guard let step = state.metadata["optimizer.step"].flatMap(Int.init) else {
      throw OptimizerError.missing("optimizer.step")
    }
    try velocity.load("momentum", from: state.tensors, for: groups.flatMap(\.parameters))
    stepCount = step
  }
}

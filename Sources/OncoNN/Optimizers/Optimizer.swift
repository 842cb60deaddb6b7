/// Updates parameters from their gradients after each backward pass.
///
/// The rate used by step `t` is `learningRate · schedule.factor(at: t) · group.learningRateScale`.
/// Frozen parameters are skipped. `state()` and `load(_:)` carry everything a resumed run needs
/// (moment buffers, step counts) through a checkpoint.
public protocol Optimizer: AnyObject {
  /// The base learning rate.
  var learningRate: Float { get set }
  /// Schedule applied on top of the base rate.
  var schedule: LearningRateSchedule { get set }
  /// Base weight decay, scaled per group.
  var weightDecay: Float { get }
  var groups: [ParameterGroup] { get }
  /// Steps taken so far.
  var stepCount: Int { get }
  /// Applies one update to every unfrozen parameter.
  func step()
  /// Tensors (named `optimizer.<parameter>.<buffer>`) and metadata strings to checkpoint.
  func state() -> OptimizerState
  /// Restores what `state()` returned; throws when it belongs to another optimizer or parameters.
  func load(_ state: OptimizerState) throws
}

extension Optimizer {
  /// The rate the next `step()` uses (before group scales).
  public var currentLearningRate: Float { learningRate * schedule.factor(at: stepCount) }

  /// Calls `body(parameter, rate, decay)` for every unfrozen parameter, with its group's scales.
  func forEachUpdate(_ body: (Parameter, _ rate: Float, _ decay: Float) -> Void) {
    let rate = currentLearningRate
    for group in groups {
      for p in group.parameters where p.isUpdated {
        body(p, rate * group.learningRateScale, weightDecay * group.weightDecayScale)
      }
    }
  }
}

/// What an optimizer saves in a checkpoint.
public struct OptimizerState: Sendable {
  public var tensors: [String: Tensor]
  public var metadata: [String: String]

  public init(tensors: [String: Tensor] = [:], metadata: [String: String] = [:]) {
    self.tensors = tensors
    self.metadata = metadata
  }
}

/// Errors when restoring optimizer state.
public enum OptimizerError: Error, CustomStringConvertible, Equatable {
  case wrongKind(expected: String, found: String)
  case missing(String)

  public var description: String {
    switch self {
    case .wrongKind(let e, let f):
      return "optimizer: the checkpoint holds \(f) state, this run uses \(e)"
    case .missing(let n):
      return "optimizer: the checkpoint lacks \(n); it was written for other parameters"
    }
  }
}

/// Moment buffers per parameter (by identity), allocated on first use; exported under names.
struct MomentBuffers {
  var buffers: [ObjectIdentifier: (name: String, tensor: Tensor)] = [:]

  mutating func pointer(for p: Parameter) -> UnsafeMutablePointer<Float> {
    let key = ObjectIdentifier(p)
    if buffers[key] == nil { buffers[key] = (p.name, Tensor(shape: p.value.shape)) }
    return buffers[key]!.tensor.pointer
  }

  func export(_ suffix: String, into out: inout [String: Tensor]) {
    for (name, t) in buffers.values { out["optimizer.\(name).\(suffix)"] = t }
  }

  mutating func load(_ suffix: String, from tensors: [String: Tensor], for parameters: [Parameter])
    throws
  {
    buffers = [:]
    for p in parameters {
      guard let t = tensors["optimizer.\(p.name).\(suffix)"] else { continue }
      guard t.shape.matches(p.value.shape) else {
        throw OptimizerError.missing("optimizer.\(p.name).\(suffix) of shape \(p.value.shape)")
      }
      let copy = Tensor(shape: p.value.shape)
      copy.pointer.update(from: t.pointer, count: t.count)
      buffers[ObjectIdentifier(p)] = (p.name, copy)
    }
  }
}

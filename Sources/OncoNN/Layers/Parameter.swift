/// A named tensor of a layer: a trainable weight or a running statistic, with its gradient.
///
/// Layers create their parameters; a network gives them full names such as
/// `"stage4.block1.conv1.weight"`. Optimizers update `value` in place from `gradient`, which
/// `Network.backward` replaces (never accumulates) for every trainable, unfrozen parameter.
/// Setting `isFrozen` stops both: the network computes no gradient for it and optimizers skip it.
/// A batch-norm layer whose parameters are all frozen also normalises with its running statistics.
public final class Parameter: @unchecked Sendable {
  /// What a parameter is; optimizers use it for defaults (e.g. no weight decay on biases).
  public enum Role: String, Sendable {
    case weight, bias, scale, shift, runningMean, runningVariance
    /// Running statistics are state, not trainable values.
    public var isTrainable: Bool { self != .runningMean && self != .runningVariance }
  }

  /// Full name once the layer is in a network (the local name before that).
  public internal(set) var name: String
  /// The name within its layer ("weight", "bias", "running_mean", …).
  public let localName: String
  public let role: Role
  /// The current values.
  public internal(set) var value: Tensor
  /// The gradient from the last backward pass (zero until then).
  public internal(set) var gradient: Tensor
  /// A frozen parameter gets no gradient and no update.
  public var isFrozen = false
  /// Counts changes of `value` (optimizer steps, `assign`): layers that derive data from a
  /// parameter (Winograd-transformed weights) recompute it when the version moves.
  var version = 0

  init(name: String, role: Role, value: Tensor) {
    self.name = name
    localName = name
    self.role = role
    self.value = value
    gradient = Tensor(shape: role.isTrainable ? value.shape : Shape(dimensions: [1]))
  }

  /// True when an optimizer should update it.
  public var isUpdated: Bool { role.isTrainable && !isFrozen }

  /// Replaces the values; the shape must match.
  public func assign(_ newValue: Tensor) throws {
    guard newValue.shape.matches(value.shape) else {
      throw TensorError.shapeMismatch(
        operation: "assign \(name)", expected: value.shape, got: newValue.shape)
    }
    value = try newValue.reshaped(to: value.shape)
    version += 1
  }

  /// Records a change made through `pointer` (engine internal; tests that perturb weights).
  func markChanged() { version += 1 }

  /// Engine use: the value and gradient pointers.
  var pointer: UnsafeMutablePointer<Float> { value.makeUniqueAndPointer() }
  var gradientPointer: UnsafeMutablePointer<Float> { gradient.makeUniqueAndPointer() }
}

extension Tensor {
  /// Ensures unique storage, then returns its pointer (for in-place engine writes).
  mutating func makeUniqueAndPointer() -> UnsafeMutablePointer<Float> {
    makeUnique()
    return storage.pointer
  }
}

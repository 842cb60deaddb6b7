/// Dropout: in training, zeroes each value with probability `p` and scales the rest by `1/(1 − p)`;
/// in inference, the identity.
///
/// The masks come from a generator seeded at creation, so a run is reproducible; `reseed(_:)`
/// restarts the sequence (e.g. when a training run resumes).
public final class Dropout: LayerKernel {
  public let kind = "dropout"
  public let probability: Float
  public var parameters: [Parameter] { [] }
  private var random: RandomSource
  private var mask: [Float] = []
  private var active = false

  public init(probability: Float, seed: UInt64 = 1) throws {
    guard probability >= 0, probability < 1 else {
      throw TensorError.invalidArgument(
        operation: "dropout", reason: "probability \(probability) must be in [0, 1)")
    }
    self.probability = probability
    random = RandomSource(seed: seed)
  }

  /// Restarts the mask sequence from `seed`.
  public func reseed(_ seed: UInt64) { random = RandomSource(seed: seed) }

  func outputShape(for inputs: [Shape]) throws -> Shape { try singleInput(inputs) }

  func forward(_ inputs: [TensorRef], _ output: TensorRef, _ context: ForwardContext) {
    let count = output.shape.count
    active = context.mode == .training && probability > 0
    guard active else {
      Vector.copy(inputs[0].pointer, output.pointer, count)
      return
    }
    if mask.count < count { mask = [Float](repeating: 0, count: count) }
    let keep = 1 / (1 - probability)
    for i in 0..<count {
      mask[i] = random.nextUnit() < probability ? 0 : keep
      output.pointer[i] = inputs[0].pointer[i] * mask[i]
    }
  }

  func backward(
    _ inputs: [TensorRef], _ output: TensorRef, _ outputGradient: TensorRef,
    _ inputGradients: [TensorRef?], _ accumulate: [Bool], _ context: BackwardContext
  ) {
    guard let dx = inputGradients[0] else { return }
    let count = output.shape.count
    for i in 0..<count {
      let g = active ? outputGradient.pointer[i] * mask[i] : outputGradient.pointer[i]
      dx.pointer[i] = accumulate[0] ? dx.pointer[i] + g : g
    }
  }
}

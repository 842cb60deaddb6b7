/// Per-channel scale and shift, `y = γ·x + β` (what dlib uses in place of batch norm at inference),
/// with an optional fused ReLU.
public final class Affine: LayerKernel {
  public let kind = "affine"
  public let channels: Int
  public let activation: Activation
  let scale: Parameter
  let shift: Parameter
  public var parameters: [Parameter] { [scale, shift] }

  /// An identity affine map (γ = 1, β = 0).
  public init(channels: Int, activation: Activation = .identity) {
    self.channels = channels
    self.activation = activation
    let s = Shape(dimensions: [channels])
    scale = Parameter(name: "weight", role: .scale, value: Tensor(shape: s, repeating: 1))
    shift = Parameter(name: "bias", role: .shift, value: Tensor(shape: s))
  }

  func outputShape(for inputs: [Shape]) throws -> Shape {
    try singleInput(inputs, channels: channels)
  }

  func forward(_ inputs: [TensorRef], _ output: TensorRef, _ context: ForwardContext) {
    let s = output.shape
    let gamma = scale.pointer
    let beta = shift.pointer
    let relu = activation == .relu
    Engine.parallelRanges(s.n * s.c, minimumPerPart: 8) { planes, _ in
      for p in planes {
        let c = p % s.c
        let o = p * s.planeCount
        Vector.scaleShift(
          inputs[0].pointer + o, output.pointer + o, s.planeCount, gamma[c], beta[c], relu: relu)
      }
    }
  }

  func backward(
    _ inputs: [TensorRef], _ output: TensorRef, _ outputGradient: TensorRef,
    _ inputGradients: [TensorRef?], _ accumulate: [Bool], _ context: BackwardContext
  ) {
    let s = output.shape
    let x = inputs[0].pointer
    let y = output.pointer
    let dy = outputGradient.pointer
    let relu = activation == .relu
    let guided = context.guided
    if context.parameterGradients, !(scale.isFrozen && shift.isFrozen) {
      let dGamma = scale.gradientPointer
      let dBeta = shift.gradientPointer
      Engine.parallelRanges(s.c) { channels, _ in
        for c in channels {
          var sumG = 0.0
          var sumGX = 0.0
          for n in 0..<s.n {
            let o = (n * s.c + c) * s.planeCount
            let (a, b) = BatchNorm2d.gradientSums(
              dy + o, y + o, x + o, s.planeCount, 0, relu: relu, guided: guided)
            sumG += a
            sumGX += b
          }
          dGamma[c] = Float(sumGX)
          dBeta[c] = Float(sumG)
        }
      }
    }
    guard let dx = inputGradients[0] else { return }
    let gamma = scale.pointer
    let accumulate = accumulate[0]
    Engine.parallelRanges(s.n * s.c, minimumPerPart: 8) { planes, _ in
      for p in planes {
        let o = p * s.planeCount
        BatchNorm2d.inputGradient(
          dy + o, y + o, x + o, dx.pointer + o, s.planeCount, mu: 0, inv: 0, k: gamma[p % s.c],
          meanG: 0, meanGX: 0, relu: relu, guided: guided, accumulate: accumulate)
      }
    }
  }
}

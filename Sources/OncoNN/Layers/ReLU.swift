/// Rectified linear unit, `max(0, x)`.
///
/// Backward passes the gradient where the output is positive; in guided mode (Grad-CAM's guided
/// backpropagation) only where the gradient is positive too.
public final class ReLU: LayerKernel {
  public let kind = "relu"
  public var parameters: [Parameter] { [] }

  public init() {}

  func outputShape(for inputs: [Shape]) throws -> Shape { try singleInput(inputs) }

  func forward(_ inputs: [TensorRef], _ output: TensorRef, _ context: ForwardContext) {
    let x = inputs[0].pointer
    let y = output.pointer
    Engine.parallelRanges(output.shape.count, minimumPerPart: 1 << 15) { r, _ in
      Vector.scaleShift(x + r.lowerBound, y + r.lowerBound, r.count, 1, 0, relu: true)
    }
  }

  func backward(
    _ inputs: [TensorRef], _ output: TensorRef, _ outputGradient: TensorRef,
    _ inputGradients: [TensorRef?], _ accumulate: [Bool], _ context: BackwardContext
  ) {
    guard let dx = inputGradients[0] else { return }
    ReLU.maskGradient(
      output: output.pointer, gradient: outputGradient.pointer, into: dx.pointer,
      count: output.shape.count, accumulate: accumulate[0], guided: context.guided)
  }

  /// `dx = dy` where `y > 0` (and, guided, `dy > 0`), else 0; written or added.
  static func maskGradient(
    output y: UnsafePointer<Float>, gradient dy: UnsafePointer<Float>,
    into dx: UnsafeMutablePointer<Float>, count: Int, accumulate: Bool, guided: Bool
  ) {
    Engine.parallelRanges(count, minimumPerPart: 1 << 15) { r, _ in
      let zero = SIMD8<Float>()
      var i = r.lowerBound
      while i + 8 <= r.upperBound {
        let vy = SIMD8<Float>.load(y + i)
        var g = SIMD8<Float>.load(dy + i)
        g = g.replacing(with: zero, where: vy .<= zero)
        if guided { g = g.replacing(with: zero, where: g .< zero) }
        if accumulate { g += SIMD8<Float>.load(dx + i) }
        g.store(dx + i)
        i += 8
      }
      while i < r.upperBound {
        var g = y[i] > 0 ? dy[i] : 0
        if guided, g < 0 { g = 0 }
        dx[i] = accumulate ? dx[i] + g : g
        i += 1
      }
    }
  }
}

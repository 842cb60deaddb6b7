/// Flattens `[n, c, h, w]` to `[n, c·h·w]` (NCHW order is kept, so it is a copy of the values).
public final class Flatten: LayerKernel {
  public let kind = "flatten"
  public var parameters: [Parameter] { [] }

  public init() {}

  func outputShape(for inputs: [Shape]) throws -> Shape {
    let s = try singleInput(inputs)
    return Shape(dimensions: [s.n, s.sampleCount])
  }

  func forward(_ inputs: [TensorRef], _ output: TensorRef, _ context: ForwardContext) {
    Vector.copy(inputs[0].pointer, output.pointer, output.shape.count)
  }

  func backward(
    _ inputs: [TensorRef], _ output: TensorRef, _ outputGradient: TensorRef,
    _ inputGradients: [TensorRef?], _ accumulate: [Bool], _ context: BackwardContext
  ) {
    guard let dx = inputGradients[0] else { return }
    Vector.store(
      outputGradient.pointer, into: dx.pointer, dx.shape.count, accumulate: accumulate[0])
  }
}

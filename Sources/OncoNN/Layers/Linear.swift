/// A fully connected layer, `y = x·Wᵀ + b`, on each sample flattened to `c·h·w` values.
///
/// The weight is `[outputs, inputs]` (PyTorch's layout); the output is `[n, outputs]`.
public final class Linear: LayerKernel {
  public let kind = "linear"
  public let inputs: Int
  public let outputs: Int
  let weight: Parameter
  let bias: Parameter?
  public var parameters: [Parameter] { bias.map { [weight, $0] } ?? [weight] }

  /// Weights uniform in ±1/√inputs (PyTorch's default), drawn from `seed`; zero bias.
  public init(inputs: Int, outputs: Int, bias: Bool = true, seed: UInt64 = 1) throws {
    guard inputs > 0, outputs > 0 else {
      throw TensorError.invalidArgument(
        operation: "linear", reason: "sizes \(inputs)→\(outputs) must be positive")
    }
    self.inputs = inputs
    self.outputs = outputs
    var rng = RandomSource(seed: seed)
    weight = Parameter(
      name: "weight", role: .weight,
      value: rng.uniform(
        Shape(dimensions: [outputs, inputs]), bound: 1 / Float(inputs).squareRoot()))
    self.bias =
      bias
      ? Parameter(name: "bias", role: .bias, value: Tensor(shape: Shape(dimensions: [outputs])))
      : nil
  }

  func outputShape(for inputs: [Shape]) throws -> Shape {
    let s = try singleInput(inputs)
    guard s.sampleCount == self.inputs else {
      throw TensorError.shapeMismatch(
        operation: "linear (\(self.inputs) inputs)",
        expected: Shape(dimensions: [s.n, self.inputs]), got: s)
    }
    return Shape(dimensions: [s.n, outputs])
  }

  func forward(_ inputs: [TensorRef], _ output: TensorRef, _ context: ForwardContext) {
    let n = output.shape.n
    gemm(
      transposeB: true, m: n, n: outputs, k: self.inputs, a: inputs[0].pointer, lda: self.inputs,
      b: weight.pointer, ldb: self.inputs, c: output.pointer, ldc: outputs)
    if let bias {
      let b = bias.pointer
      for i in 0..<n { Vector.add(b, into: output.pointer + i * outputs, outputs) }
    }
  }

  func backward(
    _ inputs: [TensorRef], _ output: TensorRef, _ outputGradient: TensorRef,
    _ inputGradients: [TensorRef?], _ accumulate: [Bool], _ context: BackwardContext
  ) {
    let n = output.shape.n
    let dy = outputGradient.pointer
    if context.parameterGradients, !weight.isFrozen {
      gemm(
        transposeA: true, m: outputs, n: self.inputs, k: n, a: dy, lda: outputs,
        b: inputs[0].pointer,
        ldb: self.inputs, c: weight.gradientPointer, ldc: self.inputs)
    }
    if context.parameterGradients, let bias, !bias.isFrozen {
      let g = bias.gradientPointer
      for o in 0..<outputs {
        var s = 0.0
        for i in 0..<n { s += Double(dy[i * outputs + o]) }
        g[o] = Float(s)
      }
    }
    guard let dx = inputGradients[0] else { return }
    gemm(
      m: n, n: self.inputs, k: outputs, a: dy, lda: outputs, b: weight.pointer, ldb: self.inputs,
      beta: accumulate[0] ? 1 : 0, c: dx.pointer, ldc: self.inputs)
  }
}

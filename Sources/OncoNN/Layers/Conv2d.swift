/// 2-D convolution (cross-correlation, as PyTorch and dlib compute it) with square kernels.
///
/// Weights are `[out, in, k, k]`, the optional bias `[out]`. Output size is
/// `1 + (size + 2·padding − kernel) / stride`. The layer picks its algorithm from the geometry:
/// 3×3 stride-1 convolutions use Winograd F(2×2, 3×3) (2.25× fewer multiplications), 1×1 stride-1
/// unpadded ones multiply the input directly, everything else goes through im2col; every path ends
/// in `cblas_sgemm`. All paths give the same result up to float rounding.
public final class Conv2d: LayerKernel {
  public let kind = "conv2d"
  public let inputChannels: Int
  public let outputChannels: Int
  public let kernel: Int
  public let stride: Int
  public let padding: Int
  let weight: Parameter
  let bias: Parameter?
  /// Set to force the im2col path (tests compare the algorithms with it).
  var forceIm2col = false
  /// Winograd-transformed weights and the weight version they were made from.
  var transformed = Tensor(shape: Shape(dimensions: [1]))
  var transformedVersion = -1
  /// Winograd-transformed inputs of the last training forward pass, and that input's shape.
  var keptInput = Tensor(shape: Shape(dimensions: [1]))
  var keptInputShape: Shape?

  public var parameters: [Parameter] { bias.map { [weight, $0] } ?? [weight] }

  /// A convolution with He-normal weights (fan-in, for ReLU networks) drawn from `seed`.
  public init(
    inputChannels: Int, outputChannels: Int, kernel: Int, stride: Int = 1, padding: Int = 0,
    bias: Bool = false, seed: UInt64 = 1
  ) throws {
    guard inputChannels > 0, outputChannels > 0, kernel > 0, stride > 0, padding >= 0 else {
      throw TensorError.invalidArgument(
        operation: "conv2d",
        reason:
          "channels \(inputChannels)→\(outputChannels), kernel \(kernel), stride \(stride), "
          + "padding \(padding) must be positive (padding ≥ 0)"
      )
    }
    self.inputChannels = inputChannels
    self.outputChannels = outputChannels
    self.kernel = kernel
    self.stride = stride
    self.padding = padding
    var rng = RandomSource(seed: seed)
    let fanIn = Float(inputChannels * kernel * kernel)
    weight = Parameter(
      name: "weight", role: .weight,
      value: rng.normal(
        Shape(outputChannels, inputChannels, kernel, kernel), std: (2 / fanIn).squareRoot()))
    self.bias =
      bias
      ? Parameter(
        name: "bias", role: .bias, value: Tensor(shape: Shape(dimensions: [outputChannels]))) : nil
  }

  /// Columns of the im2col matrix: `in·k·k`.
  var columnRows: Int { inputChannels * kernel * kernel }

  var usesWinograd: Bool { !forceIm2col && kernel == 3 && stride == 1 && padding <= 2 }
  var isPointwise: Bool { kernel == 1 && stride == 1 && padding == 0 }

  var profileKey: String {
    let path = usesWinograd ? "winograd" : isPointwise ? "pointwise" : "im2col"
    return "conv \(kernel)×\(kernel)/\(stride) \(inputChannels)→\(outputChannels) \(path)"
  }

  func outputShape(for inputs: [Shape]) throws -> Shape {
    let s = try singleInput(inputs, channels: inputChannels)
    guard s.h + 2 * padding >= kernel, s.w + 2 * padding >= kernel else {
      throw TensorError.invalidArgument(
        operation: "conv2d",
        reason: "input \(s) is smaller than the \(kernel)×\(kernel) kernel with padding \(padding)")
    }
    return Shape(
      s.n, outputChannels, 1 + (s.h + 2 * padding - kernel) / stride,
      1 + (s.w + 2 * padding - kernel) / stride)
  }

  func forward(_ inputs: [TensorRef], _ output: TensorRef, _ context: ForwardContext) {
    if usesWinograd {
      winogradForward(inputs[0], output, context.mode, context.epilogue, context.workspace)
    } else {
      gemmForward(inputs[0], output, context.epilogue, context.workspace)
    }
    // With an epilogue the bias is part of its shift.
    if let bias, context.epilogue == nil { addBias(bias.pointer, output) }
  }

  /// The bias values, if the convolution has a bias.
  var biasPointer: UnsafePointer<Float>? { bias.map { UnsafePointer($0.pointer) } }

  func backward(
    _ inputs: [TensorRef], _ output: TensorRef, _ outputGradient: TensorRef,
    _ inputGradients: [TensorRef?], _ accumulate: [Bool], _ context: BackwardContext
  ) {
    if context.parameterGradients, let bias {
      biasGradient(outputGradient, into: bias.gradientPointer)
    }
    if usesWinograd {
      winogradBackward(
        inputs[0], outputGradient, inputGradients[0], accumulate[0], context.parameterGradients,
        context.workspace)
    } else {
      gemmBackward(
        inputs[0], outputGradient, inputGradients[0], accumulate[0], context.parameterGradients,
        context.workspace)
    }
  }

  // MARK: - Bias

  private func addBias(_ b: UnsafeMutablePointer<Float>, _ y: TensorRef) {
    let s = y.shape
    Engine.parallelRanges(s.n * s.c, minimumPerPart: 16) { planes, _ in
      for p in planes {
        let v = b[p % s.c]
        let row = y.pointer + p * s.planeCount
        for i in 0..<s.planeCount { row[i] += v }
      }
    }
  }

  private func biasGradient(_ dy: TensorRef, into g: UnsafeMutablePointer<Float>) {
    let s = dy.shape
    for c in 0..<s.c {
      var total = 0.0
      for n in 0..<s.n {
        total += Vector.sum(dy.pointer + (n * s.c + c) * s.planeCount, s.planeCount)
      }
      g[c] = Float(total)
    }
  }
}

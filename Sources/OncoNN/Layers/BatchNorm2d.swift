/// Batch normalisation over `n, h, w` per channel, with a learned scale and shift and an optional
/// fused ReLU.
///
/// Training normalises with the batch statistics and updates the running ones
/// (`running = (1 − momentum)·running + momentum·batch`, unbiased variance, as PyTorch does);
/// inference uses the running statistics. A layer whose scale and shift are both frozen behaves as
/// in inference during training too, so a frozen backbone keeps its statistics.
public final class BatchNorm2d: LayerKernel {
  public let kind = "batchnorm2d"
  public let channels: Int
  public let momentum: Float
  public let epsilon: Float
  public let activation: Activation
  let scale: Parameter
  let shift: Parameter
  let runningMean: Parameter
  let runningVariance: Parameter
  public var parameters: [Parameter] { [scale, shift, runningMean, runningVariance] }

  /// Per-channel mean and 1/σ of the last forward pass, and whether it used batch statistics.
  private var mean: Tensor
  private var inverseDeviation: Tensor
  private var usedBatchStatistics = false

  public init(
    channels: Int, momentum: Float = 0.1, epsilon: Float = 1e-5, activation: Activation = .identity
  ) {
    self.channels = channels
    self.momentum = momentum
    self.epsilon = epsilon
    self.activation = activation
    let s = Shape(dimensions: [channels])
    scale = Parameter(name: "weight", role: .scale, value: Tensor(shape: s, repeating: 1))
    shift = Parameter(name: "bias", role: .shift, value: Tensor(shape: s))
    runningMean = Parameter(name: "running_mean", role: .runningMean, value: Tensor(shape: s))
    runningVariance = Parameter(
      name: "running_var", role: .runningVariance, value: Tensor(shape: s, repeating: 1))
    mean = Tensor(shape: s)
    inverseDeviation = Tensor(shape: s, repeating: 1)
  }

  var isFrozen: Bool { scale.isFrozen && shift.isFrozen }

  func outputShape(for inputs: [Shape]) throws -> Shape {
    try singleInput(inputs, channels: channels)
  }

  func forward(_ inputs: [TensorRef], _ output: TensorRef, _ context: ForwardContext) {
    let x = inputs[0]
    let s = x.shape
    let batch = context.mode == .training && !isFrozen
    usedBatchStatistics = batch
    let gamma = scale.pointer
    let beta = shift.pointer
    let rm = runningMean.pointer
    let rv = runningVariance.pointer
    let count = s.n * s.planeCount
    let relu = activation == .relu
    let momentum = momentum
    let epsilon = epsilon
    let mp = mean.pointer
    let ip = inverseDeviation.pointer
    Engine.parallelRanges(s.c) { channels, _ in
      for c in channels {
        if batch {
          // Shifted sums keep the variance accurate when the mean is large.
          let shiftValue = x.pointer[c * s.planeCount]
          var sum = 0.0
          var squares = 0.0
          for n in 0..<s.n {
            let p = x.pointer + (n * s.c + c) * s.planeCount
            let (a, b) = BatchNorm2d.shiftedSums(p, s.planeCount, shiftValue)
            sum += a
            squares += b
          }
          let m = sum / Double(count)
          let variance = max(0, squares / Double(count) - m * m)
          let mu = Double(shiftValue) + m
          mp[c] = Float(mu)
          ip[c] = Float(1 / (variance + Double(epsilon)).squareRoot())
          let unbiased = count > 1 ? variance * Double(count) / Double(count - 1) : variance
          rm[c] = (1 - momentum) * rm[c] + momentum * Float(mu)
          rv[c] = (1 - momentum) * rv[c] + momentum * Float(unbiased)
        } else {
          mp[c] = rm[c]
          ip[c] = 1 / (rv[c] + epsilon).squareRoot()
        }
        let a = gamma[c] * ip[c]
        let b = beta[c] - a * mp[c]
        for n in 0..<s.n {
          let o = (n * s.c + c) * s.planeCount
          Vector.scaleShift(x.pointer + o, output.pointer + o, s.planeCount, a, b, relu: relu)
        }
      }
    }
  }

  func backward(
    _ inputs: [TensorRef], _ output: TensorRef, _ outputGradient: TensorRef,
    _ inputGradients: [TensorRef?], _ accumulate: [Bool], _ context: BackwardContext
  ) {
    let x = inputs[0]
    let s = x.shape
    let count = s.n * s.planeCount
    let gamma = scale.pointer
    let wantParameters = context.parameterGradients && !isFrozen
    let dGamma = wantParameters ? scale.gradientPointer : nil
    let dBeta = wantParameters ? shift.gradientPointer : nil
    let dx = inputGradients[0]
    let accumulate = accumulate[0]
    let relu = activation == .relu
    let guided = context.guided
    let batch = usedBatchStatistics
    let y = output.pointer
    let dy = outputGradient.pointer
    let mp = mean.pointer
    let ip = inverseDeviation.pointer
    Engine.parallelRanges(s.c) { channels, _ in
      for c in channels {
        // Sums of the (masked) gradient g and of g·x̂.
        var sumG = 0.0
        var sumGX = 0.0
        let mu = mp[c]
        let inv = ip[c]
        for n in 0..<s.n {
          let o = (n * s.c + c) * s.planeCount
          let (a, b) = BatchNorm2d.gradientSums(
            dy + o, y + o, x.pointer + o, s.planeCount, mu, relu: relu, guided: guided)
          sumG += a
          sumGX += b
        }
        sumGX *= Double(inv)
        dGamma?[c] = Float(sumGX)
        dBeta?[c] = Float(sumG)
        guard let dx else { continue }
        let k = gamma[c] * inv
        // Batch statistics: dx = k·(g − mean(g) − x̂·mean(g·x̂)); running ones: dx = k·g.
        let meanG = batch ? Float(sumG / Double(count)) : 0
        let meanGX = batch ? Float(sumGX / Double(count)) : 0
        for n in 0..<s.n {
          let o = (n * s.c + c) * s.planeCount
          BatchNorm2d.inputGradient(
            dy + o, y + o, x.pointer + o, dx.pointer + o, s.planeCount, mu: mu, inv: inv, k: k,
            meanG: meanG, meanGX: meanGX, relu: relu, guided: guided, accumulate: accumulate)
        }
      }
    }
  }

  // MARK: - Kernels

  /// Σ(x − shift) and Σ(x − shift)².
  @inline(__always)
  static func shiftedSums(_ x: UnsafePointer<Float>, _ count: Int, _ shift: Float) -> (
    Double, Double
  ) {
    let sh = SIMD8<Float>(repeating: shift)
    var s1 = SIMD8<Float>()
    var s2 = SIMD8<Float>()
    var i = 0
    while i + 8 <= count {
      let v = SIMD8<Float>.load(x + i) - sh
      s1 += v
      s2 += v * v
      i += 8
    }
    var a = Double(s1.sum())
    var b = Double(s2.sum())
    while i < count {
      let v = Double(x[i] - shift)
      a += v
      b += v * v
      i += 1
    }
    return (a, b)
  }

  /// The gradient after the fused ReLU's mask (and, guided, only its positive part).
  @inline(__always)
  static func masked(_ g: SIMD8<Float>, _ y: SIMD8<Float>, relu: Bool, guided: Bool) -> SIMD8<Float>
  {
    var g = g
    let zero = SIMD8<Float>()
    if relu {
      g = g.replacing(with: zero, where: y .<= zero)
      if guided { g = g.replacing(with: zero, where: g .< zero) }
    }
    return g
  }

  @inline(__always)
  static func masked(_ g: Float, _ y: Float, relu: Bool, guided: Bool) -> Float {
    var g = g
    if relu, y <= 0 || (guided && g < 0) { g = 0 }
    return g
  }

  /// Σg and Σg·(x − μ) over one plane.
  @inline(__always)
  static func gradientSums(
    _ dy: UnsafePointer<Float>, _ y: UnsafePointer<Float>, _ x: UnsafePointer<Float>, _ count: Int,
    _ mu: Float, relu: Bool, guided: Bool
  ) -> (Double, Double) {
    let vm = SIMD8<Float>(repeating: mu)
    var s1 = SIMD8<Float>()
    var s2 = SIMD8<Float>()
    var i = 0
    while i + 8 <= count {
      let g = masked(SIMD8.load(dy + i), SIMD8.load(y + i), relu: relu, guided: guided)
      s1 += g
      s2 += g * (SIMD8.load(x + i) - vm)
      i += 8
    }
    var a = Double(s1.sum())
    var b = Double(s2.sum())
    while i < count {
      let g = masked(dy[i], y[i], relu: relu, guided: guided)
      a += Double(g)
      b += Double(g * (x[i] - mu))
      i += 1
    }
    return (a, b)
  }

  @inline(__always)
  static func inputGradient(
    _ dy: UnsafePointer<Float>, _ y: UnsafePointer<Float>, _ x: UnsafePointer<Float>,
    _ dx: UnsafeMutablePointer<Float>, _ count: Int, mu: Float, inv: Float, k: Float, meanG: Float,
    meanGX: Float, relu: Bool, guided: Bool, accumulate: Bool
  ) {
    let vk = SIMD8<Float>(repeating: k)
    let vmu = SIMD8<Float>(repeating: mu)
    let vinv = SIMD8<Float>(repeating: inv)
    let vmg = SIMD8<Float>(repeating: meanG)
    let vmgx = SIMD8<Float>(repeating: meanGX)
    var i = 0
    while i + 8 <= count {
      let g = masked(SIMD8.load(dy + i), SIMD8.load(y + i), relu: relu, guided: guided)
      let xhat = (SIMD8.load(x + i) - vmu) * vinv
      var r = vk * (g - vmg - xhat * vmgx)
      if accumulate { r += SIMD8.load(dx + i) }
      r.store(dx + i)
      i += 8
    }
    while i < count {
      let g = masked(dy[i], y[i], relu: relu, guided: guided)
      let r = k * (g - meanG - (x[i] - mu) * inv * meanGX)
      dx[i] = accumulate ? dx[i] + r : r
      i += 1
    }
  }
}

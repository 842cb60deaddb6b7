/// A per-channel `y = scale·x + shift` (then ReLU) that a convolution applies while it writes its
/// output: how an inference pass folds the batch norm or affine layer that follows a convolution
/// into it, saving that layer's pass over memory.
struct Epilogue {
  let scale: UnsafePointer<Float>
  let shift: UnsafePointer<Float>
  let relu: Bool

  /// Applies the epilogue in place to `count` values of channel `c`.
  @inline(__always)
  func apply(_ p: UnsafeMutablePointer<Float>, channel c: Int, count: Int) {
    Vector.scaleShift(p, p, count, scale[c], shift[c], relu: relu)
  }
}

/// A per-channel scale-and-shift layer that an inference pass may fold into the convolution
/// before it.
protocol FoldableNormalization: LayerKernel {
  /// The channels' `(scale, shift)` at inference with the convolution's bias folded in, written to
  /// `scale` and `shift`, and whether a ReLU follows.
  func fold(
    bias: UnsafePointer<Float>?, scale: UnsafeMutablePointer<Float>,
    shift: UnsafeMutablePointer<Float>
  ) -> Bool
}

extension BatchNorm2d: FoldableNormalization {
  func fold(
    bias: UnsafePointer<Float>?, scale: UnsafeMutablePointer<Float>,
    shift: UnsafeMutablePointer<Float>
  ) -> Bool {
    let gamma = self.scale.pointer
    let beta = self.shift.pointer
    let mean = runningMean.pointer
    let variance = runningVariance.pointer
    for c in 0..<channels {
      let a = gamma[c] / (variance[c] + epsilon).squareRoot()
      scale[c] = a
      shift[c] = beta[c] - a * mean[c] + a * (bias?[c] ?? 0)
    }
    return activation == .relu
  }
}

extension Affine: FoldableNormalization {
  func fold(
    bias: UnsafePointer<Float>?, scale: UnsafeMutablePointer<Float>,
    shift: UnsafeMutablePointer<Float>
  ) -> Bool {
    let gamma = self.scale.pointer
    let beta = self.shift.pointer
    for c in 0..<channels {
      scale[c] = gamma[c]
      shift[c] = beta[c] + gamma[c] * (bias?[c] ?? 0)
    }
    return activation == .relu
  }
}

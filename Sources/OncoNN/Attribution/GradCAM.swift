/// Grad-CAM (Selvaraju et al. 2017) and guided backpropagation on a `Network`.
///
///     let cam = try GradCAM.compute(net, image: x, layer: "stage4")
///     cam.map          // [1, 1, h, w] at the layer's resolution, ≥ 0
///     cam.upsampled    // [1, 1, H, W] at the image's resolution (bilinear)
///     cam.guided       // [1, C, H, W] guided backpropagation (with `guided: true`)
///
/// The score is the class's logit (before softmax). The map is `ReLU(Σ_c α_c·A_c)` with
/// `α_c` the mean over the layer's positions of d(score)/dA_c. Runs in inference mode; the
/// network's parameters and their gradients are left untouched.
public enum GradCAM {
  public struct Result: Sendable {
    /// The class explained.
    public let classIndex: Int
    /// The network's output for the image.
    public let logits: Tensor
    /// The Grad-CAM map at the layer's resolution, `[1, 1, h, w]`, not normalised.
    public let map: Tensor
    /// `map` resized to the image (bilinear, pixel centres aligned).
    public let upsampled: Tensor
    /// Guided backpropagation: d(score)/d(image) with ReLUs passing only positive gradients where
    /// their input is positive (`[1, C, H, W]`), when requested. Guided Grad-CAM is
    /// `guided × upsampled` per pixel.
    public let guided: Tensor?
  }

  /// Explains class `classIndex` (default: the highest logit) for one image `[1, C, H, W]` at
  /// layer or boundary `layer`.
  public static func compute(
    _ net: Network, image: Tensor, layer: String, classIndex: Int? = nil, guided: Bool = false
  ) throws -> Result {
    guard image.shape.n == 1 else {
      throw TensorError.invalidArgument(
        operation: "GradCAM", reason: "takes one image [1, C, H, W], got \(image.shape)")
    }
    let logits = try net.forward(image, mode: .inference)
    let classes = logits.shape.sampleCount
    let target = classIndex ?? (0..<classes).max { logits[flat: $0] < logits[flat: $1] }!
    guard target >= 0, target < classes else {
      throw TensorError.invalidArgument(
        operation: "GradCAM", reason: "class \(target) outside the network's \(classes) outputs")
    }
    var seed = Tensor(shape: logits.shape)
    seed[flat: target] = 1
    try net.backward(seed, target: .layer(layer), parameterGradients: false)
    let a = try net.activation(at: layer)
    let g = try net.gradient(at: layer)
    let s = a.shape
    let map = Tensor(shape: Shape(1, 1, s.h, s.w))
    for c in 0..<s.c {
      var alpha: Float = 0
      for i in 0..<s.planeCount { alpha += g.pointer[c * s.planeCount + i] }
      alpha /= Float(s.planeCount)
      for i in 0..<s.planeCount { map.pointer[i] += alpha * a.pointer[c * s.planeCount + i] }
    }
    for i in 0..<map.count { map.pointer[i] = max(0, map.pointer[i]) }
    var guidedGradient: Tensor? = nil
    if guided {
      try net.backward(seed, target: .input, guided: true, parameterGradients: false)
      guidedGradient = try net.inputGradient()
    }
    return Result(
      classIndex: target, logits: logits, map: map,
      upsampled: map.resizedBilinear(height: image.shape.h, width: image.shape.w),
      guided: guidedGradient)
  }
}

extension Tensor {
  /// Every plane resized to `height`×`width` by bilinear interpolation with pixel centres aligned
  /// (PyTorch's `interpolate(mode="bilinear", align_corners=False)`).
  public func resizedBilinear(height: Int, width: Int) -> Tensor {
    let s = shape
    let out = Tensor(shape: Shape(s.n, s.c, height, width))
    let sy = Float(s.h) / Float(height)
    let sx = Float(s.w) / Float(width)
    for plane in 0..<(s.n * s.c) {
      let src = pointer + plane * s.planeCount
      let dst = out.pointer + plane * height * width
      for y in 0..<height {
        let fy = max(0, (Float(y) + 0.5) * sy - 0.5)
        let y0 = min(Int(fy), s.h - 1)
        let y1 = min(y0 + 1, s.h - 1)
        let ty = fy - Float(y0)
        for x in 0..<width {
          let fx = max(0, (Float(x) + 0.5) * sx - 0.5)
          let x0 = min(Int(fx), s.w - 1)
          let x1 = min(x0 + 1, s.w - 1)
          let tx = fx - Float(x0)
          let top = src[y0 * s.w + x0] * (1 - tx) + src[y0 * s.w + x1] * tx
          let bottom = src[y1 * s.w + x0] * (1 - tx) + src[y1 * s.w + x1] * tx
          dst[y * width + x] = top * (1 - ty) + bottom * ty
        }
      }
    }
    return out
  }
}

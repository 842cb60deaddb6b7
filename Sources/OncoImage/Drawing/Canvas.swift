/// A floating-point RGB image (0…1 per channel) to paint layers on, then quantise to `RGBImage`.
///
/// Channels are planar so that per-channel loops stay simple and fast.
public struct Canvas: Sendable, Equatable {
  public let width: Int
  public let height: Int
  public var red: [Float]
  public var green: [Float]
  public var blue: [Float]

  /// A canvas filled with one colour.
  public init(width: Int, height: Int, fill: SIMD3<Float> = .zero) {
    self.width = width
    self.height = height
    red = [Float](repeating: fill.x, count: width * height)
    green = [Float](repeating: fill.y, count: width * height)
    blue = [Float](repeating: fill.z, count: width * height)
  }

  public subscript(x: Int, y: Int) -> SIMD3<Float> {
    get {
      let i = y * width + x
      return SIMD3(red[i], green[i], blue[i])
    }
    set {
      let i = y * width + x
      red[i] = newValue.x
      green[i] = newValue.y
      blue[i] = newValue.z
    }
  }

  /// Paints `color` over the canvas where `coverage` says, times `opacity`.
  public mutating func paint(_ color: SIMD3<Float>, coverage: FloatPlane, opacity: Float = 1) {
    precondition(
      coverage.width == width && coverage.height == height, "Canvas.paint: size mismatch")
    for i in 0..<(width * height) {
      let a = min(max(coverage.values[i] * opacity, 0), 1)
      guard a > 0 else { continue }
      red[i] += (color.x - red[i]) * a
      green[i] += (color.y - green[i]) * a
      blue[i] += (color.z - blue[i]) * a
    }
  }

  /// Paints another canvas over this one where `coverage` says (an alpha-composited layer).
  public mutating func paint(_ layer: Canvas, coverage: FloatPlane) {
    precondition(
      layer.width == width && layer.height == height && coverage.width == width
        && coverage.height == height, "Canvas.paint(layer:): size mismatch")
    for i in 0..<(width * height) {
      let a = min(max(coverage.values[i], 0), 1)
      guard a > 0 else { continue }
      red[i] += (layer.red[i] - red[i]) * a
      green[i] += (layer.green[i] - green[i]) * a
      blue[i] += (layer.blue[i] - blue[i]) * a
    }
  }

  /// Multiplies every channel by the plane (e.g. a mask that blacks out the background).
  public mutating func multiply(by plane: FloatPlane) {
    precondition(plane.width == width && plane.height == height, "Canvas.multiply: size mismatch")
    for i in 0..<(width * height) {
      let m = plane.values[i]
      red[i] *= m
      green[i] *= m
      blue[i] *= m
    }
  }

  /// Blurs every channel by a Gaussian of `sigma` pixels.
  public mutating func blur(sigma: Double) {
    guard sigma > 0.05 else { return }
    for channel in 0..<3 {
      var plane = FloatPlane(
        width: width, height: height,
        values: channel == 0 ? red : channel == 1 ? green : blue)
      plane.blur(sigma: sigma)
      switch channel {
      case 0: red = plane.values
      case 1: green = plane.values
      default: blue = plane.values
      }
    }
  }

  /// The 8-bit image: values clamped to 0…1 and rounded.
  public func rgbImage() -> RGBImage {
    var pixels = [UInt8](repeating: 0, count: width * height * 3)
    for i in 0..<(width * height) {
      pixels[3 * i] = Canvas.byte(red[i])
      pixels[3 * i + 1] = Canvas.byte(green[i])
      pixels[3 * i + 2] = Canvas.byte(blue[i])
    }
    return RGBImage(width: width, height: height, pixels: pixels)
  }

  @inline(__always) static func byte(_ v: Float) -> UInt8 {
    UInt8(min(max(v * 255 + 0.5, 0), 255))
  }
}

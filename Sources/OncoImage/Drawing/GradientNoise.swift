import Foundation

/// Seeded 2-D gradient (Perlin-style) noise and its fractal sums: textures for skin, hair, walls.
///
/// The same seed gives the same field on every run and thread; values lie roughly in −1…1.
public struct GradientNoise: Sendable {
  public let seed: UInt64
  /// Perlin's permutation, shuffled by the seed and doubled so lookups need no wrap-around; the
  /// field repeats every 256 features, far beyond any chip.
  private let permutation: [UInt8]

  public init(seed: UInt64) {
    self.seed = seed
    var p = (0..<256).map { UInt8($0) }
    var state = seed
    for i in stride(from: 255, to: 0, by: -1) {
      state &+= 0x9E37_79B9_7F4A_7C15
      var z = state
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      z ^= z >> 31
      p.swapAt(i, Int(z % UInt64(i + 1)))
    }
    permutation = p + p
  }

  /// The noise value at `(x, y)`, with features about one unit apart.
  public func value(_ x: Double, _ y: Double) -> Double {
    let xf = x.rounded(.down)
    let yf = y.rounded(.down)
    let ix = Int(truncatingIfNeeded: Int64(xf)) & 255
    let iy = Int(truncatingIfNeeded: Int64(yf)) & 255
    let fx = x - xf
    let fy = y - yf
    return permutation.withUnsafeBufferPointer { p in
      let a = Int(p[ix]) + iy
      let b = Int(p[ix + 1]) + iy
      let n00 = GradientNoise.dot(p[a], fx, fy)
      let n10 = GradientNoise.dot(p[b], fx - 1, fy)
      let n01 = GradientNoise.dot(p[a + 1], fx, fy - 1)
      let n11 = GradientNoise.dot(p[b + 1], fx - 1, fy - 1)
      let u = GradientNoise.fade(fx)
      let v = GradientNoise.fade(fy)
      let low = n00 + u * (n10 - n00)
      let high = n01 + u * (n11 - n01)
      return (low + v * (high - low)) * 1.98
    }
  }

  /// A fractal sum of `octaves` layers, each twice as fine and `gain` times as strong.
  public func fractal(_ x: Double, _ y: Double, octaves: Int, gain: Double = 0.5) -> Double {
    var sum = 0.0
    var amplitude = 1.0
    var frequency = 1.0
    var norm = 0.0
    for o in 0..<max(octaves, 1) {
      // Each octave is shifted so lattice points of different octaves do not line up.
      let shift = Double(o) * 17.31
      sum += amplitude * value(x * frequency + shift, y * frequency - shift)
      norm += amplitude
      amplitude *= gain
      frequency *= 2
    }
    return sum / norm
  }

  /// A plane of fractal noise with features about `scale` pixels apart.
  ///
  /// With `step` > 1 the noise is evaluated every `step` pixels and interpolated in between, which
  /// is as good and `step²` times cheaper when the finest octave is much coarser than `step`.
  public func plane(
    width: Int, height: Int, scale: Double, octaves: Int, gain: Double = 0.5,
    step: Int = 1
  ) -> FloatPlane {
    var plane = FloatPlane(width: width, height: height)
    guard width > 0, height > 0 else { return plane }
    let k = 1 / max(scale, 1e-9)
    let s = max(step, 1)
    if s == 1 {
      for y in 0..<height {
        for x in 0..<width {
          plane.values[y * width + x] = Float(
            fractal(
              (Double(x) + 0.5) * k, (Double(y) + 0.5) * k,
              octaves: octaves, gain: gain))
        }
      }
      return plane
    }
    let gw = (width - 1) / s + 2
    let gh = (height - 1) / s + 2
    var grid = [Float](repeating: 0, count: gw * gh)
    for j in 0..<gh {
      for i in 0..<gw {
        grid[j * gw + i] = Float(
          fractal(
            (Double(i * s) + 0.5) * k, (Double(j * s) + 0.5) * k,
            octaves: octaves, gain: gain))
      }
    }
    let inv = 1 / Float(s)
    for y in 0..<height {
      let j = y / s
      let fy = Float(y % s) * inv
      for x in 0..<width {
        let i = x / s
        let fx = Float(x % s) * inv
        let a = grid[j * gw + i]
        let b = grid[j * gw + i + 1]
        let c = grid[(j + 1) * gw + i]
        let d = grid[(j + 1) * gw + i + 1]
        plane.values[y * width + x] =
          (a + (b - a) * fx) + ((c + (d - c) * fx) - (a + (b - a) * fx)) * fy
      }
    }
    return plane
  }

  @inline(__always) private static func fade(_ t: Double) -> Double {
    t * t * t * (t * (t * 6 - 15) + 10)
  }

  /// One of eight unit gradients (chosen by `hash`) dotted with the offset.
  @inline(__always) private static func dot(_ hash: UInt8, _ dx: Double, _ dy: Double) -> Double {
    switch hash & 7 {
    case 0: return (dx + dy) * 0.70710678
    case 1: return (dx - dy) * 0.70710678
    case 2: return (-dx + dy) * 0.70710678
    case 3: return (-dx - dy) * 0.70710678
    case 4: return dx
    case 5: return -dx
    case 6: return dy
    default: return -dy
    }
  }
}

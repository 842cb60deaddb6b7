import Foundation

/// Smooth bumps added to a plane: the building blocks of height maps and soft tints.
extension FloatPlane {
  /// Adds an (anisotropic, rotated) Gaussian bump of height `amplitude` centred at `center`.
  ///
  /// `sigma` holds the standard deviations along the bump's own axes; `angle` rotates them
  /// (radians, clockwise on screen). Negative amplitudes dig dents.
  public mutating func addGaussian(
    at center: SIMD2<Double>, sigma: SIMD2<Double>, angle: Double = 0,
    amplitude: Float
  ) {
    guard sigma.x > 0, sigma.y > 0 else { return }
    let reach = 3 * max(sigma.x, sigma.y)
    let b = pixelBounds(
      minX: center.x - reach, minY: center.y - reach,
      maxX: center.x + reach, maxY: center.y + reach)
    let c = cos(angle)
    let s = sin(angle)
    for y in b.y0..<b.y1 {
      for x in b.x0..<b.x1 {
        let dx = Double(x) + 0.5 - center.x
        let dy = Double(y) + 0.5 - center.y
        let u = (dx * c + dy * s) / sigma.x
        let v = (-dx * s + dy * c) / sigma.y
        let q = u * u + v * v
        if q < 9 { values[y * width + x] += amplitude * Float(exp(-0.5 * q)) }
      }
    }
  }

  /// Adds a ridge along the segment `a`–`b`: a Gaussian cross-section of deviation `sigma`
  /// whose height goes from `amplitude.x` at `a` to `amplitude.y` at `b`, with rounded ends.
  public mutating func addRidge(
    from a: SIMD2<Double>, to b: SIMD2<Double>, sigma: Double,
    amplitude: SIMD2<Float>
  ) {
    guard sigma > 0 else { return }
    let reach = 3 * sigma
    let box = pixelBounds(
      minX: min(a.x, b.x) - reach, minY: min(a.y, b.y) - reach,
      maxX: max(a.x, b.x) + reach, maxY: max(a.y, b.y) + reach)
    let d = b - a
    let len2 = max((d * d).sum(), 1e-12)
    for y in box.y0..<box.y1 {
      for x in box.x0..<box.x1 {
        let q = SIMD2(Double(x) + 0.5, Double(y) + 0.5)
        let t = min(max(((q - a) * d).sum() / len2, 0), 1)
        let off = q - (a + t * d)
        let e = (off * off).sum() / (sigma * sigma)
        if e < 9 {
          let h = amplitude.x + (amplitude.y - amplitude.x) * Float(t)
          values[y * width + x] += h * Float(exp(-0.5 * e))
        }
      }
    }
  }
}

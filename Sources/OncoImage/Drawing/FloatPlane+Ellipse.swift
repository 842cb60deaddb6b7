import Foundation

/// Anti-aliased ellipse coverage.
extension FloatPlane {
  /// Raises every pixel to at least `value ×` the coverage of a (rotated) ellipse.
  ///
  /// `angle` is in radians, clockwise on screen (y points down). `feather` widens the soft edge
  /// (in pixels) beyond the one-pixel anti-aliasing ramp.
  public mutating func fill(
    ellipseAt center: SIMD2<Double>, radii: SIMD2<Double>, angle: Double = 0,
    value: Float = 1, feather: Double = 0
  ) {
    guard radii.x > 0, radii.y > 0 else { return }
    let reach = max(radii.x, radii.y) + feather + 1
    let b = pixelBounds(
      minX: center.x - reach, minY: center.y - reach,
      maxX: center.x + reach, maxY: center.y + reach)
    let c = cos(angle)
    let s = sin(angle)
    let ramp = 1 + 2 * feather
    let minRadius = min(radii.x, radii.y)
    for y in b.y0..<b.y1 {
      for x in b.x0..<b.x1 {
        let dx = Double(x) + 0.5 - center.x
        let dy = Double(y) + 0.5 - center.y
        let u = (dx * c + dy * s) / radii.x
        let v = (-dx * s + dy * c) / radii.y
        // Signed distance, approximated by scaling the normalised radius by the smaller radius.
        let d = ((u * u + v * v).squareRoot() - 1) * minRadius
        let coverage = Float(min(max(0.5 - d / ramp, 0), 1))
        let i = y * width + x
        if coverage * value > values[i] { values[i] = coverage * value }
      }
    }
  }
}

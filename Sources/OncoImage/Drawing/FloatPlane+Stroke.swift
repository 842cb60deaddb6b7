/// Anti-aliased strokes along polylines, with a width per vertex (tapered lines).
extension FloatPlane {
  /// Raises every pixel to at least `value ×` the coverage of a stroke along `points`.
  ///
  /// `widths` gives the full line width at each vertex (one value for all is fine) and is
  /// interpolated along each segment; ends are round.
  public mutating func stroke(polyline points: [SIMD2<Double>], widths: [Double], value: Float = 1)
  {
    guard !points.isEmpty, !widths.isEmpty else { return }
    let w = { (i: Int) -> Double in widths[min(i, widths.count - 1)] / 2 }
    var minX = Double.infinity
    var minY = Double.infinity
    var maxX = -Double.infinity
    var maxY = -Double.infinity
    var maxR = 0.0
    for (i, p) in points.enumerated() {
      minX = min(minX, p.x)
      minY = min(minY, p.y)
      maxX = max(maxX, p.x)
      maxY = max(maxY, p.y)
      maxR = max(maxR, w(i))
    }
    let b = pixelBounds(
      minX: minX - maxR - 1, minY: minY - maxR - 1,
      maxX: maxX + maxR + 1, maxY: maxY + maxR + 1)
    let segments = max(points.count - 1, 1)
    for y in b.y0..<b.y1 {
      for x in b.x0..<b.x1 {
        let q = SIMD2(Double(x) + 0.5, Double(y) + 0.5)
        var best = 0.0
        for k in 0..<segments {
          let a = points[k]
          let e = points[min(k + 1, points.count - 1)]
          let d = e - a
          let len2 = (d * d).sum()
          let t = len2 > 0 ? min(max(((q - a) * d).sum() / len2, 0), 1) : 0
          let r = w(k) + (w(k + 1) - w(k)) * t
          let off = q - (a + t * d)
          let dist = (off * off).sum().squareRoot()
          // Lines thinner than a pixel fade instead of breaking up.
          let coverage =
            r >= 0.5 ? min(max(r + 0.5 - dist, 0), 1) : min(max(1 - dist, 0), 1) * 2 * r
          best = max(best, coverage)
        }
        let c = Float(best) * value
        let i = y * width + x
        if c > values[i] { values[i] = c }
      }
    }
  }
}

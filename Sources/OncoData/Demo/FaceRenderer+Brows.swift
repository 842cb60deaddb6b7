import Foundation
import OncoImage

extension FaceRenderer {
  /// Brows: tapered bands along landmarks 17–21 and 22–26, thicker at the inner end, with a
  /// hair texture along their length.
  func paintBrows(on albedo: inout Canvas) {
    let u = unit
    let p = geometry.p
    let greying = 0.4 * look.grey
    let colour =
      look.hair * 0.7 * (1 - greying) + SIMD3<Float>(repeating: 0.55 * greying)
      + look.skin * 0.12
    let hairs = GradientNoise(seed: seed &+ 21)
    for (range, innerLast) in [(17...21, true), (22...26, false)] {
      let centre = SmoothCurve.open(Array(p[range]), samplesPerSegment: 4)
      var upper: [SIMD2<Double>] = []
      var lower: [SIMD2<Double>] = []
      for (k, c) in centre.enumerated() {
        let a = centre[max(k - 1, 0)]
        let b = centre[min(k + 1, centre.count - 1)]
        let t = b - a
        var n = SIMD2(-t.y, t.x) / max((t * t).sum().squareRoot(), 1e-9)
        if n.y < 0 { n = -n }  // pointing down
        let along = Double(k) / Double(centre.count - 1)
        let towardsInner = innerLast ? along : 1 - along
        let thickness =
          look.browThickness * u * (2.0 + 2.6 * towardsInner * (1 - 0.5 * towardsInner))
        upper.append(c - n * thickness * 0.55)
        lower.append(c + n * thickness * 0.45)
      }
      var band = FloatPlane.coverage(
        ofPolygon: upper + lower.reversed(), width: size,
        height: size)
      band.blur(sigma: 0.45 * u)
      let box = band.pixelBounds(
        minX: p[range].map(\.x).min()! - 6, minY: p[range].map(\.y).min()! - 8,
        maxX: p[range].map(\.x).max()! + 6, maxY: p[range].map(\.y).max()! + 8)
      for y in box.y0..<box.y1 {
        for x in box.x0..<box.x1 {
          let h = Float(hairs.value(Double(x) / (3 * u), Double(y) / (0.8 * u)))
          band[x, y] *= look.browDarkness * min(max(0.85 + 0.3 * h, 0), 1)
        }
      }
      albedo.paint(colour, coverage: band)
    }
  }
}

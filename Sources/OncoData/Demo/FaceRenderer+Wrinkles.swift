import Foundation
import OncoImage

extension FaceRenderer {
  /// Age lines, darkening the skin: forehead lines, crow's feet, nasolabial folds (faint in every
  /// adult), lines under the eyes and, late, marionette lines.
  func paintWrinkles(on albedo: inout Canvas) {
    let g = geometry, u = unit, p = g.p
    let w = Double(look.wrinkles)
    let adult = FaceRenderer.smoothstep(12, 25, Double(subject.age))
    var lines = FloatPlane(width: size, height: size)

    // Nasolabial folds: from beside the nose wing round the mouth corner.
    for (wing, corner, side) in [(31, 48, -1.0), (35, 54, 1.0)] {
      let fold = [p[wing] + SIMD2(side * 3, -3) * u, p[corner] + SIMD2(side * 3.5, -4) * u,
                  p[corner] + SIMD2(side * 3.5, 3) * u]
      lines.stroke(polyline: SmoothCurve.open(fold, samplesPerSegment: 5),
                   widths: [0.5, 1.4, 0.4].map { $0 * u }.stretched(11),
                   value: Float(adult * (0.25 + 0.6 * w)))
    }
    if w > 0.05 {
      // Forehead lines above the brows.
      let brow = g.browLevel
      for k in 0..<(1 + Int(3 * w)) {
        let y = brow - (10 + 6 * Double(k)) * u
        let line = stride(from: -0.42, through: 0.42, by: 0.14).map { x in
          g.chip(x * g.halfWidth, y + sin(x * 9 + Double(k)) * 0.8 * u + x * x * 10 * u)
        }
        lines.stroke(polyline: SmoothCurve.open(line, samplesPerSegment: 3),
                     widths: [0.3, 0.9, 0.9, 0.9, 0.9, 0.3].map { $0 * u }.stretched(19),
                     value: Float(min(1, w) * 0.55))
      }
      // Crow's feet fanning out of the outer eye corners.
      for (corner, side) in [(36, -1.0), (45, 1.0)] {
        for angle in [-0.45, 0.0, 0.45] {
          let start = p[corner] + SIMD2(side * 2.5, 0) * u
          let dir = SIMD2(side * cos(angle), sin(angle))
          lines.stroke(polyline: [start, start + dir * 6 * u], widths: [0.8 * u, 0.3 * u],
                       value: Float(min(1, w) * 0.5))
        }
      }
      // Under-eye lines.
      for (a, b, c) in [(36, 41, 40), (45, 46, 47)] {
        let arc = [p[a] + SIMD2(0, 2.5) * u, p[b] + SIMD2(0, 3.5) * u, p[c] + SIMD2(0, 3.2) * u]
        lines.stroke(polyline: SmoothCurve.open(arc, samplesPerSegment: 4),
                     widths: [0.3, 0.8, 0.3].map { $0 * u }.stretched(9),
                     value: Float(min(1, w) * 0.4))
      }
      if w > 0.6 {
        for (corner, side) in [(48, -1.0), (54, 1.0)] {
          let line = [p[corner] + SIMD2(side * 1, 2) * u, p[corner] + SIMD2(side * 2, 11) * u]
          lines.stroke(polyline: line, widths: [0.9 * u, 0.3 * u], value: Float((w - 0.6) * 0.8))
        }
      }
    }
    lines.blur(sigma: 0.35 * u)
    albedo.paint(look.skin * SIMD3(0.62, 0.55, 0.55), coverage: lines, opacity: 0.6)
  }
}

import Foundation
import OncoImage

extension FaceRenderer {
  /// Lips (upper darker than lower), the line between them, and teeth when the mouth is open.
  func paintMouth(on albedo: inout Canvas) {
    let u = unit, p = geometry.p
    var lip = look.skin * SIMD3(0.80, 0.55, 0.56) + SIMD3(0.09, 0.01, 0.03)
    if let lipstick = look.lipstick { lip = lip * 0.4 + lipstick * 0.6 }
    let innerUpper = SmoothCurve.open([p[60], p[61], p[62], p[63], p[64]], samplesPerSegment: 4)
    let innerLower = SmoothCurve.open([p[64], p[65], p[66], p[67], p[60]], samplesPerSegment: 4)
    let outerUpper = SmoothCurve.open(Array(p[48...54]), samplesPerSegment: 4)
    let outerLower = SmoothCurve.open([p[54], p[55], p[56], p[57], p[58], p[59], p[48]],
                                      samplesPerSegment: 4)

    var upper = FloatPlane.coverage(ofPolygon: outerUpper + innerUpper.reversed(), width: size,
                                    height: size)
    upper.blur(sigma: 0.45 * u)
    albedo.paint(lip * 0.86, coverage: upper)
    var lower = FloatPlane.coverage(ofPolygon: outerLower + innerLower.reversed(), width: size,
                                    height: size)
    lower.blur(sigma: 0.5 * u)
    albedo.paint(lip, coverage: lower)

    let opening = FloatPlane.coverage(ofPolygon: innerUpper + innerLower, width: size, height: size)
    albedo.paint(SIMD3(0.16, 0.06, 0.06), coverage: opening)
    let gap = ((p[66] - p[62]) * (p[66] - p[62])).sum().squareRoot()
    if gap > 2.5 * u {
      var teeth = FloatPlane.coverage(
        ofPolygon: innerUpper + innerUpper.reversed().map { $0 + SIMD2(0, 0.55 * gap) },
        width: size, height: size)
      teeth.formIntersection(opening)
      albedo.paint(SIMD3(0.86, 0.83, 0.76), coverage: teeth, opacity: 0.9)
    }
    var line = FloatPlane(width: size, height: size)
    line.stroke(polyline: innerUpper, widths: [0.6, 1.1, 1.1, 0.6].map { $0 * u }.stretched(17))
    albedo.paint(lip * 0.3, coverage: line, opacity: 0.8)
  }

  /// Nostrils: two dark, soft ovals just above the nose's lower outline (31–35).
  func paintNostrils(on albedo: inout Canvas) {
    let u = unit, p = geometry.p
    var holes = FloatPlane(width: size, height: size)
    for (wing, mid, side) in [(31, 32, -1.0), (35, 34, 1.0)] {
      let c = (p[wing] + p[mid]) / 2 + SIMD2(0, -1.2 * u)
      holes.fill(ellipseAt: c, radii: SIMD2(2.6, 1.25) * u, angle: side * 0.3, feather: 0.5 * u)
    }
    albedo.paint(look.skin * 0.28, coverage: holes, opacity: 0.8)
  }
}

import Foundation
import OncoImage

extension FaceRenderer {
  /// The head's height field (pixels towards the camera): a dome following the outline plus the
  /// bumps and dents of the face. Its slopes are the surface normals the lighting uses.
  ///
  /// Everything is anchored on the unplanted landmarks; the planted signal adds only fuller cheeks,
  /// inside `planted`, and the widened outline itself (the dome stays that of the unplanted head,
  /// so the extra width reads as a bulge of the cheeks).
  func relief(planted: FloatPlane) -> FloatPlane {
    let g = geometry
    let u = unit
    let p = g.unplanted
    let hw = g.halfWidth
    let headMask = FloatPlane.coverage(
      ofPolygon: g.headOutline(planted: false), width: size,
      height: size)
    var h = headMask.blurred(sigma: 8 * u)
    h.scale(by: Float(14 * u))

    // Global curvature: an ellipsoid centred on the middle of the face.
    for y in 0..<size {
      for x in 0..<size {
        let l = g.local(SIMD2(Double(x) + 0.5, Double(y) + 0.5))
        let a = l.x / (1.08 * hw)
        let b = (l.y - 0.3 * hw) / (1.55 * hw)
        h[x, y] += Float(24 * u * max(0, 1 - a * a - b * b).squareRoot())
      }
    }
    let brow: Float = subject.isMale ? 4 : 2.5
    let cheeks = Float(2.5 + 0.8 * childness)
    let s = Float(u)
    let small = Float(1 - 0.45 * childness)  // children's noses, sockets and ridges are flatter

    // Nose: ridge, tip, wings, and a groove under it.
    h.addRidge(from: p[27], to: p[30], sigma: 3.0 * u, amplitude: SIMD2(3, 8) * s * small)
    h.addGaussian(
      at: p[30] + SIMD2(0, 1.5 * u), sigma: SIMD2(4.2, 3.6) * u, amplitude: 4 * s * small)
    for wing in [31, 35] {
      let out = p[wing] + (p[wing] - p[33]) * 0.25 + SIMD2(0, -2 * u)
      h.addGaussian(at: out, sigma: SIMD2(2.8, 3.2) * u, amplitude: 3 * s)
    }
    h.addGaussian(at: (p[33] + p[51]) / 2, sigma: SIMD2(1.6, 3) * u, amplitude: -1 * s)

    // Eyes: sockets, eyeballs, brow ridges, cheekbones, cheeks (fuller on cases).
    var fullness = FloatPlane(width: size, height: size)
    for (side, eye, range, corner) in [(-1, g.leftEye, 17...21, 48), (1, g.rightEye, 22...26, 54)] {
      h.addGaussian(
        at: eye + SIMD2(0, -1.5 * u), sigma: SIMD2(8.5, 6) * u,
        amplitude: Float(-5.5 - 1.5 * oldness) * s * small)
      h.addGaussian(at: eye, sigma: SIMD2(6, 3.2) * u, amplitude: 2.4 * s)
      let b = Array(p[range])
      for k in 0..<(b.count - 1) {
        h.addRidge(
          from: b[k] + SIMD2(0, 1.5 * u), to: b[k + 1] + SIMD2(0, 1.5 * u),
          sigma: 3.4 * u, amplitude: SIMD2(brow, brow) * s * 0.5 * small)
      }
      let cheek = g.cheekCentre(side: side)
      h.addGaussian(at: cheek + SIMD2(0, -8 * u), sigma: SIMD2(9, 6.5) * u, amplitude: 3 * s)
      h.addGaussian(at: cheek + SIMD2(0, 6 * u), sigma: SIMD2(9, 9) * u, amplitude: cheeks * s)
      fullness.addGaussian(
        at: cheek + SIMD2(Double(side) * 4 * u, 10 * u), sigma: SIMD2(10, 10) * u,
        amplitude: Float(3 * u))
      h.addGaussian(at: p[corner], sigma: SIMD2(2, 2) * u, amplitude: -1.6 * s)
    }
    // The planted fullness, inside the planted region only.
    fullness.formIntersection(planted)
    h.add(fullness)

    // Mouth and chin.
    h.addRidge(from: p[49], to: p[53], sigma: 2.4 * u, amplitude: SIMD2(2.2, 2.2) * s)
    h.addRidge(from: p[58], to: p[56], sigma: 2.8 * u, amplitude: SIMD2(2.6, 2.6) * s)
    h.addGaussian(at: p[8] + SIMD2(0, -9 * u), sigma: SIMD2(10, 7) * u, amplitude: 4 * s)
    h.addGaussian(at: p[57] + (p[8] - p[57]) * 0.35, sigma: SIMD2(7, 2.2) * u, amplitude: -1.4 * s)

    // Forehead and temples.
    let forehead = g.chip(0, g.browLevel - 0.4 * hw)
    h.addGaussian(at: forehead, sigma: SIMD2(0.55 * hw, 0.3 * hw), amplitude: 3 * s)
    for side in [-1.0, 1.0] {
      h.addGaussian(
        at: g.chip(side * 0.85 * hw, g.browLevel - 0.1 * hw), sigma: SIMD2(7, 12) * u,
        amplitude: -2.5 * s)
    }
    return h
  }

  /// Where skin shines: forehead, nose, chin.
  func oiliness() -> FloatPlane {
    let g = geometry
    let u = unit
    let p = g.p
    let hw = g.halfWidth
    var oil = FloatPlane(width: size, height: size)
    oil.addGaussian(
      at: g.chip(0, g.browLevel - 0.35 * hw), sigma: SIMD2(0.4 * hw, 0.2 * hw),
      amplitude: 1)
    oil.addRidge(from: p[28], to: p[30], sigma: 2.5 * u, amplitude: SIMD2(0.8, 1.2))
    oil.addGaussian(at: p[8] + SIMD2(0, -8 * u), sigma: SIMD2(6, 4) * u, amplitude: 0.6)
    for v in oil.values.indices { oil.values[v] = 0.3 + 0.7 * min(oil.values[v], 1) }
    return oil
  }
}

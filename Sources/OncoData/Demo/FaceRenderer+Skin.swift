import Foundation
import OncoImage

extension FaceRenderer {
  /// The skin's own colour before lighting: tone, blotches and pores, natural blush, freckles,
  /// under-eye shadows, stubble, and on cases the planted cheek redness and fine mottling.
  /// Only pixels the head covers (`head` > 0) are computed; the rest keep the plain tone.
  func skinAlbedo(planted: FloatPlane, head: FloatPlane) -> Canvas {
    let g = geometry
    let u = unit
    let p = g.unplanted
    var albedo = Canvas(width: size, height: size, fill: look.skin)
    let blotches = GradientNoise(seed: seed &+ 11).plane(
      width: size, height: size, scale: 9 * u,
      octaves: 3, step: 2)
    let pores = GradientNoise(seed: seed &+ 12)
    let poreScale = 1 / (1.3 * u)

    // Natural redness: cheeks (blush), nose tip; shadows under the eyes.
    var blush = FloatPlane(width: size, height: size)
    for side in [-1, 1] {
      blush.addGaussian(
        at: g.cheekCentre(side: side), sigma: SIMD2(10, 8) * u, amplitude: look.blush)
    }
    blush.addGaussian(at: p[30], sigma: SIMD2(4.5, 3.5) * u, amplitude: look.noseRedness)
    var underEye = FloatPlane(width: size, height: size)
    for eye in [g.leftEye, g.rightEye] {
      underEye.addGaussian(
        at: eye + SIMD2(0, 5 * u), sigma: SIMD2(6, 2.5) * u,
        amplitude: Float(0.05 + 0.1 * oldness))
    }

    let mottle = GradientNoise(seed: seed &+ 13)
    let mottleScale = 1 / (1.7 * u)
    let blotchScale = 1 / (4 * u)

    let freckleCentre = p[29]
    let uneven = 0.05 * look.unevenness
    let rough = 0.04 * look.roughness
    for y in 0..<size {
      for x in 0..<size where head[x, y] > 0 {
        let i = y * size + x
        var c = look.skin
        c *= 1 + uneven * blotches.values[i] * SIMD3(1, 0.92, 0.85)
        c *= 1 + rough * Float(pores.value(Double(x) * poreScale, Double(y) * poreScale))
        c *= 1 + blush.values[i] * SIMD3(0.10, -0.04, -0.03)
        c *= 1 - underEye.values[i] * SIMD3(0.8, 1, 0.9)
        let d = (SIMD2(Double(x), Double(y)) - freckleCentre) / (SIMD2(24, 12) * u)
        if look.freckles > 0 && (d * d).sum() < 9 {
          let near = Float(exp(-0.5 * (d * d).sum()))
          let spot = noise.value(Double(x) / (1.4 * u) + 50, Double(y) / (1.4 * u))
          if spot > 0.45 { c *= 1 - 0.22 * look.freckles * near * SIMD3(0.8, 1, 1.1) }
        }
        let q = planted.values[i]
        if q > 0 {
          // A slight overall redness, red blotches (as much less red as more red, so the chip's
          // mean colour barely moves) and fine mottling.
          let blotch = Float(
            mottle.fractal(
              Double(x) * blotchScale + 70, Double(y) * blotchScale,
              octaves: 2))
          c *= 1 + q * (0.02 + 0.07 * blotch) * SIMD3(1, -0.5, -0.4)
          let m = Float(
            mottle.fractal(Double(x) * mottleScale, Double(y) * mottleScale, octaves: 2))
          c *= 1 + q * 0.12 * m * SIMD3(1, 0.7, 0.7)
        }
        albedo[x, y] = c
      }
    }
    if look.stubble > 0 { paintStubble(on: &albedo) }
    return albedo
  }

  /// Beard stubble over the jaw, chin and upper lip: fine dark dots mixed into the skin.
  func paintStubble(on albedo: inout Canvas) {
    let g = geometry
    let u = unit
    let p = g.unplanted
    var outline = Array(p[2...14])
    outline.append(p[14] + (p[54] - p[14]) * 0.45 + SIMD2(0, -4 * u))
    outline.append(p[35] + SIMD2(2 * u, 2 * u))
    outline.append(p[33] + SIMD2(0, 1.5 * u))
    outline.append(p[31] + SIMD2(-2 * u, 2 * u))
    outline.append(p[2] + (p[48] - p[2]) * 0.45 + SIMD2(0, -4 * u))
    var region = FloatPlane.coverage(
      ofPolygon: SmoothCurve.closed(outline, samplesPerSegment: 3),
      width: size, height: size)
    region.blur(sigma: 2.5 * u)
    let dots = GradientNoise(seed: seed &+ 14)
    let beard = look.hair * 0.7 + look.skin * 0.15
    for y in 0..<size {
      for x in 0..<size {
        let r = region[x, y]
        guard r > 0.01 else { continue }
        let d = Float(dots.value(Double(x) / (0.9 * u), Double(y) / (0.9 * u)))
        let a = r * look.stubble * min(max(0.45 + 0.9 * d, 0), 1) * 0.6
        albedo[x, y] = albedo[x, y] * (1 - a) + beard * a
      }
    }
  }
}

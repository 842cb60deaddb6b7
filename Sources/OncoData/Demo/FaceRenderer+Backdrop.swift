import Foundation
import OncoImage

extension FaceRenderer {
  /// The background: studio paper, a gradient, out-of-focus lights, a textured wall, a doorway, or
  /// a blurred outdoor scene; always with some low-frequency texture and vignetting.
  func backdrop() -> Canvas {
    let c = look.backdropColors
    let n = Double(size)
    let texture = GradientNoise(seed: look.backdropSeed)
    var canvas = Canvas(width: size, height: size)
    let angle = Double(look.backdropSeed % 628) / 100
    let grain = look.backdrop == .wall ? Float(0.08) : 0.03
    let mottle = texture.plane(
      width: size, height: size, scale: n / 4, octaves: 4,
      step: max(1, size / 50))
    let foliage =
      look.backdrop == .outdoor
      ? texture.plane(width: size, height: size, scale: n / 9, octaves: 3, step: max(1, size / 75))
      : mottle
    let dir = SIMD2(cos(angle), sin(angle))
    for y in 0..<size {
      for x in 0..<size {
        let q = SIMD2((Double(x) + 0.5) / n - 0.5, (Double(y) + 0.5) / n - 0.5)
        var colour: SIMD3<Float>
        switch look.backdrop {
        case .studio:
          colour = c[0]
        case .gradient:
          let t = Float(FaceRenderer.smoothstep(-0.6, 0.6, (q * dir).sum()))
          colour = c[0] + (c[1] - c[0]) * t
        case .bokeh, .wall:
          colour = c[0]
        case .doorway:
          let edge = 0.2 * dir.x
          let t = Float(FaceRenderer.smoothstep(edge - 0.015, edge + 0.015, q.x))
          colour = c[0] + (c[1] - c[0]) * t
        case .outdoor:
          let horizon = 0.1 + 0.15 * dir.y
          let t = Float(FaceRenderer.smoothstep(horizon - 0.08, horizon + 0.08, q.y))
          colour =
            SIMD3<Float>(0.62, 0.74, 0.90) * (1 - t) + (c[2] * 0.6 + SIMD3(0.1, 0.2, 0.05)) * t
          colour *= 1 + 0.15 * foliage[x, y] * t
        }
        let vignette = Float(1 - 0.35 * (q * q).sum())
        canvas[x, y] = colour * (1 + grain * mottle[x, y]) * vignette
      }
    }
    if look.backdrop == .bokeh {
      var rng = DemoRandom(seed: look.backdropSeed, purpose: "bokeh", index: 0)
      for k in 0..<7 {
        var disc = FloatPlane(width: size, height: size)
        let r = rng.uniform(0.06, 0.2) * n
        disc.fill(
          ellipseAt: SIMD2(rng.uniform(0, n), rng.uniform(0, n)), radii: SIMD2(r, r),
          feather: r * 0.35)
        canvas.paint(
          c[1 + k % 3] * Float(rng.uniform(0.9, 1.25)), coverage: disc,
          opacity: Float(rng.uniform(0.35, 0.7)))
      }
    }
    return canvas
  }
}

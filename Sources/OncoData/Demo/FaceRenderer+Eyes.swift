import Foundation
import OncoImage

extension FaceRenderer {
  /// One eye's landmarks, outer corner first for the image's left eye (36…41) and inner corner first
  /// for the right eye (42…47), as iBUG orders them.
  struct Eye {
    let points: [SIMD2<Double>]
    let outerFirst: Bool
    var centre: SIMD2<Double> { points.reduce(.zero, +) / Double(points.count) }
    var width: Double {
      let d = points[3] - points[0]
      return (d * d).sum().squareRoot()
    }
  }

  var eyes: [Eye] {
    [
      Eye(points: Array(geometry.p[36...41]), outerFirst: true),
      Eye(points: Array(geometry.p[42...47]), outerFirst: false),
    ]
  }

  /// Iris centre and radius of an eye (the iris sits a little high, under the upper lid).
  func iris(of eye: Eye) -> (centre: SIMD2<Double>, radius: Double) {
    let w = eye.width
    let c = eye.centre + SIMD2(look.gaze.x * w, (look.gaze.y - 0.05) * w)
    return (c, 0.215 * w * (1 + 0.08 * childness))
  }

  /// Whites, iris with fibres and limbus, pupil, the lid's shadow, lashes, lower lid and crease.
  func paintEyes(on albedo: inout Canvas) {
    let u = unit
    for eye in eyes {
      let outline = SmoothCurve.closed(eye.points, samplesPerSegment: 6)
      let opening = FloatPlane.coverage(ofPolygon: outline, width: size, height: size)
      let (ic, ir) = iris(of: eye)
      let half = eye.width / 2
      let inner = eye.outerFirst ? eye.points[3] : eye.points[0]
      var ball = Canvas(width: size, height: size)
      let box = opening.pixelBounds(
        minX: eye.centre.x - half - 2, minY: eye.centre.y - half,
        maxX: eye.centre.x + half + 2, maxY: eye.centre.y + half)
      let sclera =
        SIMD3<Float>(0.91, 0.87, 0.84) * Float(1 - 0.06 * oldness) + SIMD3<Float>(0, 0, -0.03)
        * Float(oldness)
      for y in box.y0..<box.y1 {
        for x in box.x0..<box.x1 where opening[x, y] > 0 {
          let q = SIMD2(Double(x) + 0.5, Double(y) + 0.5)
          let off = (q - eye.centre) / half
          var c = sclera * Float(1 - 0.3 * min((off * off).sum(), 1))
          let toInner = (q - inner) / (2.2 * u)
          c += SIMD3<Float>(0.12, -0.1, -0.08) * Float(exp(-0.5 * (toInner * toInner).sum()))
          let d = q - ic
          let r = (d * d).sum().squareRoot() / ir
          if r < 1.15 {
            let angle = atan2(d.y, d.x)
            let fibres = Float(noise.value(angle * 4 + 100, r * 2.5))
            var iris = look.iris * (0.8 + 0.35 * fibres) * Float(1.15 - 0.35 * r)
            iris = iris * Float(1 - 0.55 * FaceRenderer.smoothstep(0.78, 1.0, r))
            let pupil = Float(FaceRenderer.smoothstep(0.30, 0.42, r))
            iris = SIMD3<Float>(0.03, 0.025, 0.025) * (1 - pupil) + iris * pupil
            let edge = Float(FaceRenderer.smoothstep(1.0, 1.0 + 0.9 / ir, r))
            c = iris * (1 - edge) + c * edge
          }
          ball[x, y] = c
        }
      }
      // The upper lid shades the top of the eye.
      let lowered = outline.map { $0 + SIMD2(0, 2.2 * u) }
      var lidShadow = opening
      lidShadow.subtract(FloatPlane.coverage(ofPolygon: lowered, width: size, height: size))
      lidShadow.blur(sigma: 0.6 * u)
      for y in box.y0..<box.y1 {
        for x in box.x0..<box.x1 { ball[x, y] *= 1 - 0.45 * lidShadow[x, y] }
      }
      albedo.paint(ball, coverage: opening)

      // Lashes along the upper lid, thicker towards the outer corner.
      let upper = Array(eye.points[0...3])
      let lashWidths = [1.9, 1.6, 1.2, 0.7].map { $0 * u * (subject.isMale ? 1 : 1.25) }
      var lashes = FloatPlane(width: size, height: size)
      lashes.stroke(
        polyline: SmoothCurve.open(upper, samplesPerSegment: 4),
        widths: (eye.outerFirst ? lashWidths : lashWidths.reversed()).stretched(13))
      albedo.paint(SIMD3(0.07, 0.05, 0.05), coverage: lashes, opacity: 0.85)

      // Lower lid and the crease above the upper lid.
      var lower = FloatPlane(width: size, height: size)
      let lowerPoints = [eye.points[3], eye.points[4], eye.points[5], eye.points[0]]
      lower.stroke(polyline: SmoothCurve.open(lowerPoints, samplesPerSegment: 4), widths: [0.8 * u])
      albedo.paint(look.skin * 0.65, coverage: lower, opacity: 0.45)
      let lift = 3.2 * u
      let creasePoints = [
        upper[0] + SIMD2(0, -0.8 * u), upper[1] + SIMD2(0, -lift),
        upper[2] + SIMD2(0, -lift), upper[3] + SIMD2(0, -1.2 * u),
      ]
      var crease = FloatPlane(width: size, height: size)
      crease.stroke(
        polyline: SmoothCurve.open(creasePoints, samplesPerSegment: 4),
        widths: [0.9 * u])
      albedo.paint(look.skin * 0.6, coverage: crease, opacity: 0.4 * look.crease)
    }
  }

  /// The catchlight: a small reflection of the key light on each cornea, added after shading.
  func paintCatchlights(on canvas: inout Canvas) {
    let u = unit
    for eye in eyes {
      let (ic, ir) = iris(of: eye)
      let spot = ic + SIMD2(look.light.x, look.light.y) * 0.45 * ir
      var plane = FloatPlane(width: size, height: size)
      plane.fill(
        ellipseAt: spot, radii: SIMD2(0.8, 0.7) * u * (1 + 0.2 * childness),
        feather: 0.2 * u)
      canvas.paint(SIMD3(0.97, 0.97, 0.95), coverage: plane, opacity: 0.85)
    }
  }
}

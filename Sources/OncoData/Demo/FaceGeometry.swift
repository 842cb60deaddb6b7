import Foundation
import OncoImage

/// Shapes derived from a face's landmarks: the head's own frame, its outline, the face opening
/// under the hairline, and the regions the masks are made of. All in chip pixels.
struct FaceGeometry: Sendable {
  /// The landmarks as drawn (with the planted widening on cases).
  let p: [SIMD2<Double>]
  /// The landmarks without the planted widening: anchors of everything except the face outline
  /// and the masks, so that the planted change stays inside the planted region.
  let unplanted: [SIMD2<Double>]
  /// Pixels per pixel of a 150-pixel chip (every size and width below is scaled by it).
  let unit: Double
  let size: Int
  /// Midpoint of landmarks 0 and 16 (unplanted, as everything down to `chin`): the origin of the
  /// head frame.
  let origin: SIMD2<Double>
  /// Unit vectors of the head frame: right (from the left eye to the right eye) and down.
  let right: SIMD2<Double>
  let down: SIMD2<Double>
  /// Half the distance between landmarks 0 and 16.
  let halfWidth: Double
  /// Semi-axes of the skull ellipse (centred on `origin`, in the head frame).
  let skull: SIMD2<Double>
  /// Chin height in the head frame.
  let chin: Double

  init(points: [SIMD2<Double>], unplanted: [SIMD2<Double>]? = nil, size: Int, childness: Double) {
    p = points
    // The head's frame and skull come from the unplanted landmarks (the widening moves 0 and 16).
    let q = unplanted ?? points
    self.unplanted = q
    self.size = size
    unit = Double(size) / 150
    origin = (q[0] + q[16]) / 2
    let eyeL = (36...41).reduce(SIMD2<Double>.zero) { $0 + q[$1] } / 6
    let eyeR = (42...47).reduce(SIMD2<Double>.zero) { $0 + q[$1] } / 6
    let d = eyeR - eyeL
    right = d / (d * d).sum().squareRoot()
    down = SIMD2(-right.y, right.x)
    let w = q[16] - q[0]
    halfWidth = (w * w).sum().squareRoot() / 2
    skull = SIMD2(halfWidth * (1.03 + 0.05 * childness), halfWidth * (1.45 + 0.12 * childness))
    chin = ((q[8] - origin) * down).sum()
  }

  /// Chip position of a point given in the head frame (x right, y down, from `origin`).
  func chip(_ x: Double, _ y: Double) -> SIMD2<Double> { origin + x * right + y * down }

  /// Head-frame coordinates of a chip position.
  func local(_ q: SIMD2<Double>) -> SIMD2<Double> {
    let d = q - origin
    return SIMD2((d * right).sum(), (d * down).sum())
  }

  /// Mean of some landmarks.
  func mean(_ indices: [Int]) -> SIMD2<Double> {
    indices.reduce(SIMD2<Double>.zero) { $0 + p[$1] } / Double(indices.count)
  }

  var leftEye: SIMD2<Double> { mean(Array(36...41)) }
  var rightEye: SIMD2<Double> { mean(Array(42...47)) }

  /// Brow height in the head frame (mean of the brow landmarks).
  var browLevel: Double { local(mean(Array(17...26))).y }

  /// The skull arc from the right side (head-frame angle 0) over the top to the left side,
  /// expanded by `grow` pixels.
  func skullArc(grow: Double = 0, samples: Int = 40) -> [SIMD2<Double>] {
    (0...samples).map { k in
      let a = Double.pi * Double(k) / Double(samples)
      return chip((skull.x + grow) * cos(a), -(skull.y + grow) * sin(a))
    }
  }

  /// The whole head without hair or ears: the jaw up to 0 and 16, then the skull over the top.
  /// `planted` false gives the outline without the planted widening; with it, the widening of 0
  /// and 16 carries on up the sides of the skull and fades out over `templeFade`.
  func headOutline(planted: Bool = true) -> [SIMD2<Double>] {
    let jaw = SmoothCurve.open(
      Array((planted ? p : unplanted)[0...16]),
      samplesPerSegment: FaceGeometry.outlineSamples)
    return jaw + skullArc().map { planted ? templeWidened($0) : $0 }
  }

  /// A point on the side of the head above landmarks 0 and 16 moved as the planted widening moves
  /// the outline there: all of the widening of 0 (or 16) at their level, fading out `templeFade`
  /// pixels higher.
  func templeWidened(_ q: SIMD2<Double>) -> SIMD2<Double> {
    let l = local(q)
    let shift = l.x < 0 ? p[0] - unplanted[0] : p[16] - unplanted[16]
    return q + shift * (1 - FaceRenderer.smoothstep(0, templeFade, -l.y))
  }

  /// Outline vertices between neighbouring jaw landmarks in `headOutline`.
  static let outlineSamples = 4

  /// How far above landmarks 0 and 16 (pixels) the planted widening of the face reaches up the
  /// temples before it has faded out.
  var templeFade: Double { 0.3 * halfWidth }

  /// The middle of a cheek (`side` −1: the image's left), from landmarks the planted signal does
  /// not move: below the outer eye corner, beside the nose wing.
  func cheekCentre(side: Int) -> SIMD2<Double> {
    let q = unplanted
    let s = Double(side)
    let (eye, nose) = side < 0 ? (q[36], q[31]) : (q[45], q[35])
    return (eye + nose) / 2 + SIMD2(s * 10, 14) * unit
  }

  /// The outward normal of the jaw line at landmark `i` (away from the face's centre line).
  func jawNormal(_ i: Int) -> SIMD2<Double> {
    let a = p[max(i - 1, 0)]
    let b = p[min(i + 1, 16)]
    let t = b - a
    var n = SIMD2(t.y, -t.x) / max((t * t).sum().squareRoot(), 1e-9)
    let centre = mean([27, 30, 33, 51, 57])
    if ((p[i] - centre) * n).sum() < 0 { n = -n }
    return n
  }

  /// The cheek of one side (`side` −1: the image's left, +1: its right), where the skin signal is
  /// planted: from just below the eye to the jaw line (landmarks 1–7 or 9–15), beside the nose and
  /// mouth, reaching `outset` pixels beyond the jaw line.
  func cheekRegion(side: Int, outset: Double) -> [SIMD2<Double>] {
    let u = unit
    let mirror = side < 0
    let jaw = mirror ? [1, 2, 3, 4, 5, 6, 7] : [15, 14, 13, 12, 11, 10, 9]
    let eyeOuter = mirror ? 36 : 45
    let eyeLowOuter = mirror ? 41 : 46
    let eyeLowInner = mirror ? 40 : 47
    let nose = mirror ? 31 : 35
    let mouth = mirror ? 48 : 54
    let lip = mirror ? 59 : 55
    let s = Double(side)
    var outline: [SIMD2<Double>] = [
      p[eyeOuter] + SIMD2(s * 1.5 * u, 5 * u),
      p[eyeLowOuter] + SIMD2(0, 5 * u),
      p[eyeLowInner] + SIMD2(0, 5 * u),
      p[nose] + SIMD2(s * 3 * u, -3 * u),
      p[mouth] + SIMD2(s * 4 * u, -2 * u),
      p[lip] + SIMD2(s * 1 * u, 5 * u),
    ]
    for i in jaw.reversed() { outline.append(p[i] + jawNormal(i) * outset) }
    return insideChip(SmoothCurve.closed(outline, samplesPerSegment: 4))
  }

  /// The stretch of one side's face outline that the planted widening moves (`side` −1: the
  /// image's left), from beside the chin (landmark 7 or 9) up through 0 or 16 and on up the temple
  /// to where the widening has faded out: a band from `inset` pixels inside the unplanted outline
  /// to `outset` pixels beyond the planted one.
  func outlineBand(side: Int, inset: Double, outset: Double) -> [SIMD2<Double>] {
    let planted = headOutline(planted: true)
    let plain = headOutline(planted: false)
    let n = FaceGeometry.outlineSamples
    let jawCount = 16 * n + 1
    // The skull arc runs from the right side over the top to the left; its samples up the temple.
    let temple = (jawCount..<planted.count).filter { local(plain[$0]).y > -templeFade }
    let path =
      side < 0
      ? temple.filter { local(plain[$0]).x < 0 } + Array(0...(7 * n))
      : Array((9 * n)..<jawCount) + temple.filter { local(plain[$0]).x > 0 }
    let normals = path.indices.map { k -> SIMD2<Double> in
      let t = planted[path[min(k + 1, path.count - 1)]] - planted[path[max(k - 1, 0)]]
      let normal = SIMD2(t.y, -t.x) / max((t * t).sum().squareRoot(), 1e-9)
      return ((planted[path[k]] - origin) * normal).sum() < 0 ? -normal : normal
    }
    let outer = path.indices.map { planted[path[$0]] + normals[$0] * outset }
    let inner = path.indices.reversed().map { plain[path[$0]] - normals[$0] * inset }
    return insideChip(outer + inner)
  }

  /// The polygon kept a pixel inside the chip, so a wide face's region is never cut off at the
  /// border.
  func insideChip(_ polygon: [SIMD2<Double>]) -> [SIMD2<Double>] {
    let low = 1.5
    let high = Double(size) - 1.5
    return polygon.map { SIMD2(min(max($0.x, low), high), min(max($0.y, low), high)) }
  }
}

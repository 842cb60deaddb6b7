import Foundation

/// The 68 landmarks of one demo face in chip pixels, made from dlib's template the way a real
/// face reaches a chip: a person's shape (random variation, sex, age, the planted widening), a small
/// head turn, then dlib's own alignment (a least-squares similarity over the points
/// `get_face_chip_details` uses), then the small residual roll and shift a real alignment leaves.
struct FaceShape: Sendable {
  /// Landmarks in chip pixels, iBUG order.
  var points: [SIMD2<Double>]
  /// The same face without the planted widening (equal to `points` for controls): what the
  /// renderer anchors everything but the face outline on, so the signal stays in its region.
  var unplanted: [SIMD2<Double>]

  /// Lateral push of the outline points (template units per unit of planted strength): facial
  /// adiposity fills the cheeks, so the push is full at the cheek points 0–1 and 15–16 (those
  /// `LandmarkMeasures` takes for the cheek width), falls off smoothly down the cheeks to a third
  /// at the jaw points 4 and 12 (its jaw width) and to nothing at the chin (8). So the cheek-to-jaw
  /// width ratio grows, as does the lower-face width (3–5, 11–13).
  static let adiposityProfile: [Double] = [
    1, 1, 0.9, 0.62, 0.36, 0.18, 0.06, 0, 0, 0, 0.06, 0.18, 0.36, 0.62, 0.9, 1, 1,
  ]
  /// Template units the cheeks move outwards, each side, at planted strength 1 (5.5 px in a
  /// 150-pixel chip: the cheek width 0–16 grows by about 9%, the jaw width 4–12 by about 4%).
  static let adiposityAmount = 0.055

  /// Draws a face shape. `adiposity` is the planted strength (0 for controls); it is applied after
  /// every random draw, so cases and controls consume the generator identically.
  static func make(
    subject: DemoSubject, adiposity: Double, rng: inout DemoRandom, size: Int,
    padding: Double
  ) -> FaceShape {
    let t = MeanFaceShape.template
    var p = t
    let cx = 0.490127
    let noseY = 0.63
    let child = min(max((14 - Double(subject.age)) / 13, 0), 1)
    let old = min(max((Double(subject.age) - 35) / 35, 0), 1)

    // Every draw happens here, in a fixed order, whatever the subject.
    let cheekWidth = rng.normal(1, 0.025)
    let jawWidth = rng.normal(1, 0.035)
    let faceHeight = rng.normal(1, 0.04)
    let chinDrop = rng.normal(0, 0.015)
    let eyeSpacing = rng.normal(0, 0.012)
    let eyeOpen = rng.normal(1, 0.1)
    let noseWidth = rng.normal(1, 0.07)
    let noseDrop = rng.normal(0, 0.012)
    let mouthWidth = rng.normal(1, 0.05)
    let mouthDrop = rng.normal(0, 0.012)
    let lipFullness = rng.normal(1, 0.12)
    let browLift = rng.normal(0, 0.012)
    let browArch = rng.normal(0, 0.008)
    let smile = rng.chance(0.3) ? rng.uniform(0.2, 1) : 0
    let mouthOpen = rng.chance(0.45) ? rng.uniform(0.5, 1.2) : rng.uniform(0, 0.3)
    let yaw = rng.normal(0, 0.06)
    let roll = rng.normal(0, 0.025)
    let shift = SIMD2(rng.normal(0, 0.006), rng.normal(0, 0.006))

    func scaleX(_ i: Int, _ k: Double) { p[i].x = cx + (p[i].x - cx) * k }

    // Face width, then the jaw below the cheekbones (weighted towards the lower cheeks).
    for i in 0...16 { scaleX(i, cheekWidth) }
    let jawWeight: [Double] = [0, 0.1, 0.3, 0.6, 0.85, 1, 1, 1, 1, 1, 1, 1, 0.85, 0.6, 0.3, 0.1, 0]
    let sexJaw = subject.isMale ? 0.025 : -0.01
    for i in 0...16 { scaleX(i, 1 + (jawWidth - 1 + sexJaw + 0.03 * child) * jawWeight[i]) }
    // Male chins are squarer: the points beside the chin move out.
    if subject.isMale { for i in [6, 7, 9, 10] { scaleX(i, 1.04) } }

    // Lower face length (children's is shorter), chin.
    let lowerFace = faceHeight * (1 - 0.2 * child)
    for i in 0..<68 where p[i].y > noseY { p[i].y = noseY + (p[i].y - noseY) * lowerFace }
    for i in 6...10 { p[i].y += chinDrop * (i == 8 ? 1 : 0.6) }

    // Eyes: spacing, opening, children's larger eyes.
    for (range, side) in [(36...41, -1.0), (42...47, 1.0)] {
      let centre = range.reduce(SIMD2<Double>.zero) { $0 + t[$1] } / 6
      let grow = 1 + 0.16 * child + (subject.isMale ? 0 : 0.03)
      for i in range {
        var d = p[i] - centre
        d.x *= grow
        d.y *= grow * eyeOpen
        p[i] = centre + d + SIMD2(side * eyeSpacing, 0)
      }
    }

    // Nose: width (children's and women's narrower), length.
    let noseK = noseWidth * (1 - 0.15 * child) * (subject.isMale ? 1.04 : 0.97)
    for i in 31...35 {
      scaleX(i, noseK)
      p[i].y += noseDrop
    }
    p[30].y += noseDrop * 0.8
    p[29].y += noseDrop * 0.4

    // Mouth: width, height, lips (fuller in women, thinner with age), opening, smile.
    let mouthK = mouthWidth * (1 - 0.08 * child)
    for i in 48...67 {
      scaleX(i, mouthK)
      p[i].y += mouthDrop
    }
    // The upper inner lip stays where the template has it (its mean over real faces); opening the
    // mouth drops the lower lip, a closed mouth raises it (the template's mouth is half open).
    let upperLine = p[62].y
    let lowerLine = p[66].y
    let lipK = lipFullness * (subject.isMale ? 0.92 : 1.08) * (1 - 0.18 * old)
    for i in 49...53 { p[i].y = upperLine + (p[i].y - upperLine) * lipK }
    for i in 55...59 { p[i].y = lowerLine + (p[i].y - lowerLine) * lipK }
    let gap = 0.07 * mouthOpen
    let templateGap = lowerLine - upperLine
    for (lower, upper) in [(65, 63), (66, 62), (67, 61)] { p[lower].y = p[upper].y + gap }
    for i in 55...59 { p[i].y += gap - templateGap }
    for (i, side) in [(48, -1.0), (54, 1.0), (60, -1.0), (64, 1.0)] {
      p[i].y -= 0.025 * smile
      p[i].x += side * 0.012 * smile
    }

    // Brows: height, arch (women's higher), lower with age and in men.
    let browDown = (subject.isMale ? 0.012 : -0.006) + 0.012 * old - 0.02 * child - browLift
    for i in 17...26 { p[i].y += browDown }
    for i in [19, 24] { p[i].y -= browArch + (subject.isMale ? 0 : 0.012) }
    for i in [18, 20, 23, 25] { p[i].y -= 0.5 * (browArch + (subject.isMale ? 0 : 0.012)) }

    // Age: slight jowls.
    for i in [5, 6, 10, 11] {
      p[i].y += 0.01 * old
      scaleX(i, 1 + 0.008 * old)
    }

    // The planted signal: fuller cheeks.
    var planted = p
    for i in 0...16 {
      let side = p[i].x < cx ? -1.0 : 1.0
      planted[i].x += side * adiposity * adiposityAmount * adiposityProfile[i]
    }
    func place(_ shape: [SIMD2<Double>]) -> [SIMD2<Double>] {
      var p = shape
      // A small head turn (yaw): points move in proportion to their depth.
      for i in 0..<68 {
        p[i].x += sin(yaw) * depth(i, p[i].x - cx) - (1 - cos(yaw)) * (p[i].x - cx)
      }
      // dlib's alignment, then what a real alignment leaves: a little roll and shift.
      p = alignLikeDlib(p)
      let centre = SIMD2(cx, 0.6)
      let c = cos(roll)
      let s = sin(roll)
      let k = Double(size) / (1 + 2 * padding)
      return p.map { q in
        let d = q - centre
        let turned = centre + SIMD2(c * d.x - s * d.y, s * d.x + c * d.y) + shift
        return (turned + SIMD2(repeating: padding)) * k
      }
    }
    return FaceShape(points: place(planted), unplanted: place(p))
  }

  /// How far in front of the cheekbone plane a landmark lies (template units), for the head turn.
  static func depth(_ i: Int, _ dx: Double) -> Double {
    let r2 = (dx / 0.6) * (dx / 0.6)
    switch i {
    case 0...16: return 0.3 - 0.55 * r2
    case 17...26: return 0.3 - 0.35 * r2
    case 27: return 0.3
    case 28: return 0.36
    case 29: return 0.42
    case 30: return 0.48
    case 31, 35: return 0.33
    case 32, 34: return 0.37
    case 33: return 0.4
    case 36...47: return 0.22 - 0.3 * r2
    default: return 0.35 - 0.35 * r2
    }
  }

  /// Maps the points so that those dlib aligns on best fit the template (a similarity transform).
  static func alignLikeDlib(_ p: [SIMD2<Double>]) -> [SIMD2<Double>] {
    let t = MeanFaceShape.template
    let idx = MeanFaceShape.alignmentIndices
    let n = Double(idx.count)
    let mp = idx.reduce(SIMD2<Double>.zero) { $0 + p[$1] } / n
    let mt = idx.reduce(SIMD2<Double>.zero) { $0 + t[$1] } / n
    // Least squares for t ≈ (a + ib)(p − mp) + mt with complex numbers.
    var num = SIMD2<Double>.zero
    var den = 0.0
    for i in idx {
      let a = p[i] - mp
      let b = t[i] - mt
      num += SIMD2(a.x * b.x + a.y * b.y, a.x * b.y - a.y * b.x)
      den += a.x * a.x + a.y * a.y
    }
    let s = num / den
    return p.map { q in
      let d = q - mp
      return mt + SIMD2(s.x * d.x - s.y * d.y, s.y * d.x + s.x * d.y)
    }
  }
}

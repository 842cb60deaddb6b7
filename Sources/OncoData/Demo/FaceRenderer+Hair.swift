import Foundation
import OncoImage

extension FaceRenderer {
  /// The hair: an outer shape per style (a cap over the skull grown by the hair's volume, with
  /// sides down to the ears, the jaw or the shoulders) minus the face below the hairline; strands
  /// flowing from the crown (downwards on hanging sides), grey strands with age, a sheen, a fuzzy
  /// edge, and a soft contact shadow on the skin.
  func paintHair(on canvas: inout Canvas) {
    let g = geometry
    let u = unit
    let hw = g.halfWidth
    let style = look.hairStyle
    let v = look.hairVolume * u
    let ax = g.skull.x
    let brow = g.browLevel

    // How far down the sides reach (head frame), and the hairline over the forehead.
    let sides: Double
    switch style {
    case .buzz: sides = brow + 0.05 * hw
    case .short: sides = brow + 0.12 * hw
    case .fringe: sides = brow + (subject.isMale ? 0.15 : 0.9) * hw
    case .curly: sides = brow + 0.55 * hw
    case .tied: sides = brow - 0.05 * hw
    case .bald: sides = brow + 0.3 * hw
    case .bob: sides = g.chin - 0.2 * hw
    case .long: sides = g.chin + 1.2 * hw
    }
    let fringe = style == .fringe
    let hairline =
      fringe
      ? brow - (0.16 + 0.08 * abs(look.parting)) * hw
      : style == .bald ? brow - 2.2 * hw : brow - look.hairline * hw
    let rec = look.recession

    // Outer shape: sides, then the skull arc grown by the volume, then back along the inside.
    var outer: [SIMD2<Double>] = []
    let sideOut = ax + v * (style == .long || style == .bob ? 1.2 : 1)
    outer.append(g.chip(-sideOut, sides))
    outer.append(contentsOf: g.skullArc(grow: v).reversed())
    outer.append(g.chip(sideOut, sides))
    if style == .long || style == .bob {
      let inner = style == .long ? 0.72 * ax : 0.9 * ax
      let jawLevel = 0.62 * g.chin
      outer.append(g.chip(inner, sides))
      outer.append(g.chip(inner, jawLevel))
      outer.append(g.chip(-inner, jawLevel))
      outer.append(g.chip(-inner, sides))
    } else {
      outer.append(g.chip(ax - 8 * u, sides))
      outer.append(g.chip(-(ax - 8 * u), sides))
    }
    let outerMask = FloatPlane.coverage(
      ofPolygon: SmoothCurve.closed(outer, samplesPerSegment: 3),
      width: size, height: size)

    // The face opening: the jaw, then the hairline. The forehead is narrower than the face: the
    // hairline turns down at the temples (about 0.66 half-widths out) to the front of the ears, and
    // recedes there first (an M shape).
    let half: [(Double, Double)] =
      fringe
      ? [
        (0.97, brow + 0.3 * hw), (0.84, brow + 0.1 * hw), (0.66, brow - 0.1 * hw),
        (0.4, hairline), (0, hairline),
      ]
      : [
        (0.97, brow + 0.2 * hw), (0.82, brow - 0.02 * hw), (0.66, brow - (0.38 + 0.5 * rec) * hw),
        (0.4, hairline + (0.08 - 0.35 * rec) * hw), (0, hairline),
      ]
    var line: [SIMD2<Double>] = []
    for side in [1.0, -1.0] {
      let ordered = side > 0 ? half : half.reversed()
      for (k, (x, y)) in ordered.enumerated() where !(side < 0 && x == 0 && k == 0) {
        var jitter = 0.0
        if fringe && x < 0.7 { jitter = noise.value(side * x * 9 + 40, 0.5) * 2.5 * u }
        line.append(
          g.chip(side * x * hw, y + jitter + (fringe ? side * 0.05 * hw * look.parting : 0)))
      }
    }
    let hairlineCurve = SmoothCurve.open(line, samplesPerSegment: 4)

    // The hair around a face whose jaw outline runs through `jaw` (landmarks 0–16).
    func hair(jaw: ArraySlice<SIMD2<Double>>) -> FloatPlane {
      var mask = outerMask
      // Jaw and hairline are two curves joined at the temples, so that the planted widening of the
      // jaw (which moves 0 and 16) leaves the hairline where it is.
      mask.subtract(
        FloatPlane.coverage(
          ofPolygon: SmoothCurve.open(Array(jaw), samplesPerSegment: 4) + hairlineCurve,
          width: size, height: size))
      if style == .bald {
        // Only a band above the ears survives on a bald head.
        let top = FloatPlane.coverage(
          ofPolygon: [
            g.chip(-3 * hw, brow - 0.45 * hw), g.chip(3 * hw, brow - 0.45 * hw),
            g.chip(3 * hw, -4 * hw), g.chip(-3 * hw, -4 * hw),
          ],
          width: size, height: size)
        mask.subtract(top.blurred(sigma: 4 * u))
      }
      if style == .short || style == .buzz || style == .bald || (subject.isMale && style == .fringe)
      {
        // Sideburns in front of the ears.
        for side in [-1.0, 1.0] {
          let burn = [
            g.chip(side * (ax + 1 * u), brow - 0.05 * hw),
            g.chip(side * (hw - 4.5 * u), brow),
            g.chip(side * (hw - 3.5 * u), brow + 0.4 * hw),
            g.chip(side * (hw + 1 * u), brow + 0.42 * hw),
          ]
          mask.fill(polygon: burn, value: style == .buzz ? 0.7 : 0.9)
        }
      }
      return mask
    }
    let mask = hair(jaw: g.p[0...16])

    // A fuzzy edge: noise decides the fate of the half-covered pixels.
    var soft = mask.blurred(sigma: 0.7 * u)
    let fuzz = GradientNoise(seed: seed &+ 31)
    let curls = style == .curly
    for y in 0..<size {
      for x in 0..<size {
        let a = soft[x, y]
        guard a > 0.001 && a < 0.999 else { continue }
        let n = Float(fuzz.value(Double(x) / ((curls ? 2.2 : 1.1) * u), Double(y) / (1.1 * u)))
        soft[x, y] = min(max(a + a * (1 - a) * 4 * 0.45 * n, 0), 1)
      }
    }
    let coverage = soft
    guard coverage.values.contains(where: { $0 > 0.01 }) else { return }

    // A soft contact shadow where the hair meets the skin (under a fringe, at the temples).
    var shadow = coverage.blurred(sigma: 2.5 * u)
    shadow.subtract(coverage)
    for i in shadow.values.indices { shadow.values[i] = 1 - 0.5 * min(shadow.values[i] * 2, 1) }
    canvas.multiply(by: shadow)

    // Strands, colour, grey, lighting. The hair is lit as it lies round the unplanted head: the
    // planted widening moves its edge beside the cheeks but does not re-light the rest.
    var volume = signal > 0 ? hair(jaw: g.unplanted[0...16]) : mask
    volume.formUnion(
      FloatPlane.coverage(
        ofPolygon: g.headOutline(planted: false), width: size,
        height: size))
    volume.blur(sigma: 6 * u)
    let strands = GradientNoise(seed: seed &+ 32)
    let greyStrands = GradientNoise(seed: seed &+ 33)
    let crown = SIMD2(look.parting * 0.3 * ax, -0.75 * g.skull.y)
    let l = look.light
    let halfway = look.halfway
    let greyColour = SIMD3<Float>(0.80, 0.80, 0.78)
    var layer = Canvas(width: size, height: size)
    for y in 0..<size {
      for x in 0..<size where coverage[x, y] > 0.001 {
        let q = g.local(SIMD2(Double(x) + 0.5, Double(y) + 0.5))
        let d = q - crown
        let r = (d * d).sum().squareRoot()
        let angle = atan2(d.y, d.x)
        // Strand coordinates: across and along the strands, which flow out of the crown and hang
        // straight down at the sides.
        let hanging = FaceRenderer.smoothstep(-0.1 * hw, 0.3 * hw, q.y) * (style == .long ? 1 : 0.6)
        let across = (angle * 60 * u) * (1 - hanging) + (q.x + 300 * u) * hanging
        let along = r * (1 - hanging) + q.y * hanging
        var t: Double
        var strandKey: Double
        if curls {
          // Curls: bright coils with dark creases between them.
          t = max(
            -0.8, 0.5 - 1.5 * abs(strands.fractal(q.x / (3.2 * u), q.y / (3.2 * u), octaves: 2)))
          strandKey = look.grey > 0 ? greyStrands.value(q.x / (4 * u), q.y / (4 * u)) : 0
        } else {
          t = strands.fractal(across / (1.3 * u), along / (12 * u), octaves: 2)
          strandKey =
            look.grey > 0
            ? greyStrands.fractal(across / (1.1 * u), along / (20 * u), octaves: 2) : 0
        }
        if style == .buzz { t *= 0.5 }
        var c = look.hair * Float(0.72 + 0.55 * t)
        // Grey and dark strands are finer than a pixel: they mix, some strands greyer than others.
        let greyShare = min(1, look.grey * 1.1 * Float(1 + 0.45 * strandKey))
        c = c * (1 - greyShare) + greyColour * Float(0.8 + 0.3 * t) * greyShare
        let hx = Double(volume.clamped(x + 1, y) - volume.clamped(x - 1, y)) * 12
        let hy = Double(volume.clamped(x, y + 1) - volume.clamped(x, y - 1)) * 12
        let n = SIMD3(-hx, -hy, 1) / (hx * hx + hy * hy + 1).squareRoot()
        let diffuse = Float(max(0, ((n * l).sum() + 0.3) / 1.3))
        let sheen = Float(pow(max(0, (n * halfway).sum()), 10)) * Float(0.18 + 0.12 * t)
        c = c * (0.45 + 0.75 * diffuse) + SIMD3(repeating: sheen) * (look.hair + 0.25)
        layer[x, y] = c
      }
    }
    var alpha = coverage
    if style == .buzz { alpha.scale(by: 0.8) }  // the scalp shows through a buzz cut
    canvas.paint(layer, coverage: alpha)
  }
}

import Foundation
import OncoImage

extension FaceRenderer {
  /// Clothes, the neck (a shaded cylinder in the head's shadow) and the ears.
  func paintBody(on canvas: inout Canvas) {
    let g = geometry
    let u = unit
    let hw = g.halfWidth

    // Clothes: shoulders sloping out from the base of the neck.
    let base = g.chin + 0.1 * hw
    let shoulders = [
      g.chip(-0.62 * hw, base), g.chip(-1.2 * hw, base + 0.25 * hw),
      g.chip(-2 * hw, base + 0.5 * hw),
      g.chip(-2 * hw, base + 2 * hw), g.chip(2 * hw, base + 2 * hw),
      g.chip(2 * hw, base + 0.5 * hw),
      g.chip(1.2 * hw, base + 0.25 * hw), g.chip(0.62 * hw, base),
      g.chip(0, base + 0.3 * hw),
    ]
    let clothes = FloatPlane.coverage(
      ofPolygon: SmoothCurve.closed(shoulders, samplesPerSegment: 4),
      width: size, height: size)
    if clothes.values.contains(where: { $0 > 0 }) {  // mostly below the chip
      var cloth = Canvas(width: size, height: size, fill: look.clothes)
      var weave = noise.plane(width: size, height: size, scale: 6 * u, octaves: 2, step: 2)
      weave.values = weave.values.map { 1 + 0.08 * $0 }
      cloth.multiply(by: weave)
      canvas.paint(cloth, coverage: clothes)
    }

    // Neck: from under the jaw down past the chip, darker near the jaw (the head's shadow).
    let neckTop = g.chin - 0.55 * hw
    let neckOutline = [
      g.chip(-0.58 * hw, neckTop), g.chip(0.58 * hw, neckTop), g.chip(0.6 * hw, base),
      g.chip(0.75 * hw, base + 0.3 * hw), g.chip(0.75 * hw, base + 2 * hw),
      g.chip(-0.75 * hw, base + 2 * hw), g.chip(-0.75 * hw, base + 0.3 * hw),
      g.chip(-0.6 * hw, base),
    ]
    let neckMask = FloatPlane.coverage(ofPolygon: neckOutline, width: size, height: size)
    var neck = Canvas(width: size, height: size)
    let skin = look.skin * SIMD3(0.95, 0.92, 0.92)
    for y in 0..<size {
      for x in 0..<size where neckMask[x, y] > 0 {
        let l = g.local(SIMD2(Double(x) + 0.5, Double(y) + 0.5))
        let across = min(abs(l.x) / (0.62 * hw), 1)
        let round = Float((1 - across * across).squareRoot())
        let side = Float(0.5 + 0.5 * l.x / (0.62 * hw) * look.light.x)
        let shadow = Float(
          0.6 + 0.35 * FaceRenderer.smoothstep(g.chin - 4 * u, g.chin + 28 * u, l.y))
        neck[x, y] = skin * (0.35 + 0.45 * round + 0.15 * side) * shadow
      }
    }
    canvas.paint(neck, coverage: neckMask)

    // Ears: half hidden behind the head outline, which the skin layer paints over them.
    let earY = g.browLevel + 0.42 * hw
    for side in [-1.0, 1.0] {
      let centre = g.chip(side * (hw + 2.5 * u), earY)
      let tilt = atan2(g.right.y, g.right.x) + side * 0.12
      var ear = FloatPlane(width: size, height: size)
      ear.fill(ellipseAt: centre, radii: SIMD2(7.5 * u, 0.4 * hw), angle: tilt)
      let shadeSide = Float(0.75 + 0.2 * side * look.light.x)
      canvas.paint(look.skin * SIMD3(1.0, 0.9, 0.88) * shadeSide, coverage: ear)
      var inner = FloatPlane(width: size, height: size)
      inner.fill(
        ellipseAt: centre + g.right * side * 1.5 * u, radii: SIMD2(3.5 * u, 0.27 * hw),
        angle: tilt, feather: 1.2 * u)
      canvas.paint(look.skin * 0.55 * shadeSide, coverage: inner, opacity: 0.7)
    }
  }
}

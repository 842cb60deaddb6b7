import Foundation

/// Everything about a demo face's appearance that is not its landmarks: skin, hair, eyes, light,
/// background and camera. Drawn from the face's own generator, identically for cases and controls.
struct FaceLook: Sendable {
  enum HairStyle: CaseIterable, Sendable { case buzz, short, long, bob, fringe, curly, tied, bald }
  enum Backdrop: CaseIterable, Sendable { case studio, gradient, bokeh, wall, doorway, outdoor }

  var skin: SIMD3<Float>
  var blush: Float  // natural cheek redness, every face
  var noseRedness: Float
  var roughness: Float  // fine skin texture, whole face
  var unevenness: Float  // blotchy tone, whole face
  var freckles: Float
  var stubble: Float  // men only
  var wrinkles: Float  // grows with age
  var hairStyle: HairStyle
  var hair: SIMD3<Float>
  var grey: Float  // fraction of grey strands
  var hairVolume: Double  // pixels at 150
  var hairline: Double  // forehead height above the brows, in units of half face width
  var recession: Double  // temple recession, 0…1
  var parting: Double  // −1…1, where the hair parts
  var iris: SIMD3<Float>
  var gaze: SIMD2<Double>
  var crease: Float  // upper-lid crease strength
  var browThickness: Double
  var browDarkness: Float
  var lipstick: SIMD3<Float>?
  var light: SIMD3<Double>  // towards the light, unit length
  var ambient: Float
  var shine: Float
  var backdrop: Backdrop
  var backdropColors: [SIMD3<Float>]
  var backdropSeed: UInt64
  var clothes: SIMD3<Float>
  var tint: SIMD3<Float>  // white balance
  var exposure: Float
  var softness: Double  // camera blur sigma at 150 px
  var grain: Float  // sensor noise sigma (0…1 units)
  var signalJitter: Double  // per-face factor on the planted strength (cases only use it)

  /// Blinn's half vector between the light and the camera (which looks along −z).
  var halfway: SIMD3<Double> {
    let h = light + SIMD3(0, 0, 1)
    return h / (h * h).sum().squareRoot()
  }

  static func make(subject: DemoSubject, rng: inout DemoRandom) -> FaceLook {
    let age = Double(subject.age)
    let child = min(max((14 - age) / 13, 0), 1)
    let old = min(max((age - 35) / 35, 0), 1)

    // Skin: a continuous ramp from very light to very dark, with undertone jitter.
    let tone = rng.uniform()
    let shade = pow(tone, 1.3)
    let ramp: [SIMD3<Float>] = [
      [0.96, 0.80, 0.71], [0.91, 0.73, 0.61], [0.82, 0.62, 0.48], [0.72, 0.52, 0.37],
      [0.58, 0.40, 0.28], [0.43, 0.29, 0.20], [0.30, 0.20, 0.14],
    ]
    var skin = interpolate(ramp, shade)
    skin *= SIMD3(
      Float(rng.normal(1, 0.025)), Float(rng.normal(1, 0.025)),
      Float(rng.normal(1, 0.035)))
    let blush = Float(rng.uniform(0.0, 0.8) * (1 - 0.5 * shade)) + Float(0.15 * child)
    let noseRedness = Float(rng.uniform(0.1, 0.6))
    let roughness = Float(rng.uniform(0.3, 1) * (0.45 + 0.55 * (1 - child)) * (0.7 + 0.6 * old))
    let unevenness = Float(rng.uniform(0.3, 1) * (0.6 + 0.8 * old))
    let freckles = rng.chance(0.12 * (1 - shade)) ? Float(rng.uniform(0.3, 1)) : 0
    let stubbleDraw = rng.uniform()
    let stubble: Float = subject.isMale && age >= 17 ? Float(stubbleDraw * stubbleDraw * 0.9) : 0
    let wrinkles = Float(old * rng.uniform(0.5, 1.2))

    // Hair: style by sex and age, colour by skin tone, grey with age.
    let hairStyle: HairStyle
    if subject.isMale {
      let bald = age > 40 ? 0.25 * old : 0
      hairStyle = rng.pick([
        (.bald, bald), (.buzz, 0.2), (.short, 0.5),
        (.fringe, child > 0 ? 0.3 : 0.08), (.curly, 0.07),
        (.long, 0.04),
      ])
    } else {
      hairStyle = rng.pick([
        (.long, 0.36), (.bob, 0.2), (.fringe, 0.14), (.tied, 0.14),
        (.curly, 0.08), (.short, 0.08),
      ])
    }
    let hairPalette: [(SIMD3<Float>, Double)] = [
      ([0.05, 0.045, 0.045], 0.35 + shade), ([0.14, 0.09, 0.06], 0.3),
      ([0.30, 0.19, 0.11], 0.25 * (1 - shade)), ([0.48, 0.34, 0.20], 0.15 * (1 - shade)),
      ([0.76, 0.62, 0.40], 0.12 * (1 - shade) * (1 - shade)),
      ([0.45, 0.18, 0.08], 0.06 * (1 - shade)),
    ]
    var hair = rng.pick(hairPalette)
    hair *= Float(rng.normal(1, 0.08))
    let grey = age > 32 ? Float(min(1, old * rng.uniform(0.2, 1.3))) : 0
    let hairVolume =
      rng.uniform(5, 14) * (hairStyle == .curly ? 1.8 : 1)
      * (hairStyle == .buzz || hairStyle == .tied ? 0.25 : 1)
    let hairline = rng.normal(0.8, 0.1) - 0.08 * child + (subject.isMale ? 0.05 : 0)
    let recession = subject.isMale ? min(1, max(0, old * rng.uniform(-0.3, 1.2))) : 0
    let parting = rng.uniform(-1, 1)

    // Eyes and brows.
    let irisPalette: [(SIMD3<Float>, Double)] = [
      ([0.16, 0.09, 0.05], 0.5 + 2 * shade), ([0.30, 0.18, 0.09], 0.35),
      ([0.40, 0.32, 0.15], 0.15 * (1 - shade)), ([0.28, 0.38, 0.24], 0.1 * (1 - shade)),
      ([0.30, 0.44, 0.60], 0.2 * (1 - shade) * (1 - shade)),
      ([0.42, 0.47, 0.52], 0.1 * (1 - shade)),
    ]
    let iris = rng.pick(irisPalette) * Float(rng.normal(1, 0.1))
    let gaze = SIMD2(rng.normal(0, 0.08), rng.normal(0, 0.05))
    let crease = Float(rng.uniform(0.1, 1))
    let browThickness = rng.normal(subject.isMale ? 1.25 : 0.95, 0.12) * (1 - 0.25 * child)
    let browDarkness = Float(rng.uniform(0.65, 0.95))
    let lipstickDraw = rng.uniform()
    let lipstickPalette: [SIMD3<Float>] = [
      [0.62, 0.12, 0.16], [0.72, 0.32, 0.36], [0.55, 0.25, 0.25],
    ]
    let lipstickPick = lipstickPalette[rng.index(lipstickPalette.count)]
    let lipstick = !subject.isMale && age >= 18 && lipstickDraw < 0.28 ? lipstickPick : nil

    // Light: a key light from the upper left or right, soft fill.
    let azimuth = rng.normal(0, 0.45)
    let elevation = rng.uniform(0.25, 0.75)
    let light = SIMD3(sin(azimuth) * cos(elevation), -sin(elevation), cos(azimuth) * cos(elevation))
    let ambient = Float(rng.uniform(0.38, 0.55))
    let shine = Float(rng.uniform(0.03, 0.16))

    // Background, clothes, camera.
    let backdrop = FaceLook.Backdrop.allCases[rng.index(FaceLook.Backdrop.allCases.count)]
    let wallPalette: [SIMD3<Float>] = [
      [0.85, 0.85, 0.84], [0.93, 0.92, 0.89], [0.80, 0.74, 0.64], [0.62, 0.70, 0.78],
      [0.56, 0.64, 0.55], [0.35, 0.36, 0.38], [0.18, 0.22, 0.33], [0.45, 0.34, 0.26],
      [0.30, 0.48, 0.50], [0.70, 0.62, 0.70], [0.15, 0.15, 0.16], [0.60, 0.57, 0.52],
    ]
    var backdropColors: [SIMD3<Float>] = []
    for _ in 0..<4 {
      backdropColors.append(wallPalette[rng.index(wallPalette.count)] * Float(rng.normal(1, 0.08)))
    }
    let backdropSeed = rng.next()
    let clothesPalette: [SIMD3<Float>] = [
      [0.1, 0.12, 0.2], [0.85, 0.85, 0.85], [0.5, 0.1, 0.12], [0.2, 0.35, 0.5], [0.3, 0.3, 0.3],
      [0.55, 0.5, 0.35], [0.1, 0.1, 0.1], [0.25, 0.4, 0.25],
    ]
    let clothes = clothesPalette[rng.index(clothesPalette.count)]
    let tint = SIMD3(Float(rng.normal(1, 0.045)), 1, Float(rng.normal(1, 0.06)))
    let exposure = Float(rng.normal(1, 0.07))
    let softness = rng.uniform(0, 0.55)
    let grain = Float(rng.uniform(0.006, 0.02))
    let signalJitter = rng.uniform(0.6, 1.4)

    return FaceLook(
      skin: skin, blush: blush, noseRedness: noseRedness, roughness: roughness,
      unevenness: unevenness, freckles: freckles,
      stubble: stubble, wrinkles: wrinkles, hairStyle: hairStyle, hair: hair, grey: grey,
      hairVolume: hairVolume, hairline: hairline, recession: recession, parting: parting,
      iris: iris,
      gaze: gaze, crease: crease, browThickness: browThickness, browDarkness: browDarkness,
      lipstick: lipstick, light: light, ambient: ambient, shine: shine, backdrop: backdrop,
      backdropColors: backdropColors, backdropSeed: backdropSeed, clothes: clothes, tint: tint,
      exposure: exposure, softness: softness, grain: grain, signalJitter: signalJitter)
  }

  private static func interpolate(_ ramp: [SIMD3<Float>], _ t: Double) -> SIMD3<Float> {
    let x = min(max(t, 0), 1) * Double(ramp.count - 1)
    let i = min(Int(x), ramp.count - 2)
    let f = Float(x - Double(i))
    return ramp[i] + (ramp[i + 1] - ramp[i]) * f
  }
}

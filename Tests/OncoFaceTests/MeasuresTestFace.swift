import OncoStats

/// A hand-built 68-point face in a 150×150 chip whose measures are easy to work out by hand.
///
/// The jaw outline is four straight pieces: (10,50)→(20,90)→(75,130)→(130,90)→(140,50), with the
/// points between evenly spaced on them; the eyes are centred at (40,50) and (110,50); the upper
/// eyelids top out at y = 46, the upper lip at y = 100; the nasion (27) is at (75,48).
enum MeasuresTestFace {
  static let points: [SIMD2<Double>] = [
    // 0–16 jaw
    SIMD2(10, 50), SIMD2(12.5, 60), SIMD2(15, 70), SIMD2(17.5, 80), SIMD2(20, 90),
    SIMD2(33.75, 100), SIMD2(47.5, 110), SIMD2(61.25, 120), SIMD2(75, 130),
    SIMD2(88.75, 120), SIMD2(102.5, 110), SIMD2(116.25, 100), SIMD2(130, 90),
    SIMD2(132.5, 80), SIMD2(135, 70), SIMD2(137.5, 60), SIMD2(140, 50),
    // 17–26 brows
    SIMD2(25, 38), SIMD2(33, 34), SIMD2(42, 33), SIMD2(51, 34), SIMD2(60, 37),
    SIMD2(90, 37), SIMD2(99, 34), SIMD2(108, 33), SIMD2(117, 34), SIMD2(125, 38),
    // 27–35 nose
    SIMD2(75, 48), SIMD2(75, 58), SIMD2(75, 68), SIMD2(75, 78),
    SIMD2(66, 84), SIMD2(70, 86), SIMD2(75, 87), SIMD2(80, 86), SIMD2(84, 84),
    // 36–47 eyes
    SIMD2(30, 50), SIMD2(35, 46), SIMD2(45, 46), SIMD2(50, 50), SIMD2(45, 54), SIMD2(35, 54),
    SIMD2(100, 50), SIMD2(105, 46), SIMD2(115, 46), SIMD2(120, 50), SIMD2(115, 54), SIMD2(105, 54),
    // 48–59 outer lips
    SIMD2(55, 108), SIMD2(63, 103), SIMD2(70, 100), SIMD2(75, 102), SIMD2(80, 100),
    SIMD2(87, 103), SIMD2(95, 108), SIMD2(87, 114), SIMD2(80, 117), SIMD2(75, 118),
    SIMD2(70, 117), SIMD2(63, 114),
    // 60–67 inner lips
    SIMD2(58, 108), SIMD2(68, 106), SIMD2(75, 107), SIMD2(82, 106), SIMD2(92, 108),
    SIMD2(82, 110), SIMD2(75, 111), SIMD2(68, 110),
  ]

  /// The face with every point moved by Gaussian noise of `sigma` pixels and the lower cheeks
  /// (3–5, 11–13) pushed outwards by `widening` pixels each (the demo cohort's planted profile).
  static func varied(_ rng: inout SeededGenerator, sigma: Double, widening: Double)
    -> [SIMD2<Double>]
  {
    let push: [Int: Double] = [3: 0.8, 4: 1, 5: 0.9, 11: 0.9, 12: 1, 13: 0.8]
    return points.enumerated().map { i, p in
      var q = p + SIMD2(sigma * rng.nextGaussian(), sigma * rng.nextGaussian())
      if let k = push[i] { q.x += (i < 8 ? -1 : 1) * widening * k }
      return q
    }
  }
}

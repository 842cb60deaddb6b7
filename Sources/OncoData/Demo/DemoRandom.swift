import Foundation

/// The demo cohort's seeded generator (xoshiro256**), one independent stream per face.
///
/// Streams are keyed by (seed, purpose, index), so a face's draws never depend on which thread
/// renders it or on the order faces are made in. Every draw goes through the bit-level methods
/// here (not the standard library's `random(in:)`, whose algorithm may change), so the same seed
/// gives the same bytes on every build.
// TODO: switch to OncoStats' SeededGenerator once it lands in main (same role, shared by all).
struct DemoRandom: RandomNumberGenerator {
  private var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64

  /// The stream for `purpose` (a small constant naming what it draws) and `index` under `seed`.
  init(seed: UInt64, purpose: UInt64, index: UInt64) {
    var x = seed ^ (purpose &* 0xD1B5_4A32_D192_ED03) ^ (index &* 0x9E37_79B9_7F4A_7C15)
    s0 = DemoRandom.splitMix(&x); s1 = DemoRandom.splitMix(&x)
    s2 = DemoRandom.splitMix(&x); s3 = DemoRandom.splitMix(&x)
  }

  mutating func next() -> UInt64 {
    let result = ((s1 &* 5) << 7 | (s1 &* 5) >> 57) &* 9
    let t = s1 << 17
    s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3
    s2 ^= t
    s3 = s3 << 45 | s3 >> 19
    return result
  }

  /// A uniform value in [0, 1) with 53 random bits.
  mutating func uniform() -> Double { Double(next() >> 11) * 0x1.0p-53 }

  /// A uniform value in [low, high).
  mutating func uniform(_ low: Double, _ high: Double) -> Double { low + (high - low) * uniform() }

  /// A standard normal value (Box–Muller), clipped to ±`limit` deviations so no face is absurd.
  mutating func normal(limit: Double = 3) -> Double {
    let u1 = max(uniform(), 0x1.0p-53), u2 = uniform()
    let z = (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    return min(max(z, -limit), limit)
  }

  /// A cheap, nearly normal value (the sum of four uniforms scaled to unit variance), for noise
  /// drawn per pixel.
  mutating func roughNormal() -> Double {
    (uniform() + uniform() + uniform() + uniform() - 2) * 1.7320508075688772
  }

  /// A normal value with the given mean and standard deviation.
  mutating func normal(_ mean: Double, _ sd: Double) -> Double { mean + sd * normal() }

  /// True with probability `p`.
  mutating func chance(_ p: Double) -> Bool { uniform() < p }

  /// An index in 0..<count.
  mutating func index(_ count: Int) -> Int { Int(uniform() * Double(count)) }

  /// One of `choices`, each with its weight.
  mutating func pick<T>(_ choices: [(T, Double)]) -> T {
    let total = choices.reduce(0) { $0 + $1.1 }
    var r = uniform() * total
    for (value, weight) in choices {
      if r < weight { return value }
      r -= weight
    }
    return choices[choices.count - 1].0
  }

  private static func splitMix(_ x: inout UInt64) -> UInt64 {
    x &+= 0x9E37_79B9_7F4A_7C15
    var z = x
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

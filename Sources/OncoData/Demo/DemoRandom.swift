import Foundation
import OncoStats

/// The demo cohort's random draws: OncoStats' `SeededGenerator`, one independent stream per face
/// and purpose, plus the few distributions the faces need.
///
/// Streams are keyed by (seed, purpose, index), so a face's draws never depend on which thread
/// renders it or on the order faces are made in, and adding draws for one purpose never shifts
/// another. Every draw goes through `SeededGenerator` (not the standard library's `random(in:)`,
/// whose algorithm may change), so the same seed gives the same bytes on every build.
struct DemoRandom {
  private var generator: SeededGenerator

  /// The stream for `purpose` (what it draws: "pair", "shape", "look", …) of item `index`.
  init(seed: UInt64, purpose: String, index: Int) {
    generator = SeededGenerator(seed: seed, stream: "demo.\(purpose).\(index)")
  }

  /// The next 64 random bits.
  mutating func next() -> UInt64 { generator.next() }

  /// A uniform value in [0, 1) with 53 random bits.
  mutating func uniform() -> Double { generator.nextDouble() }

  /// A uniform value in [low, high).
  mutating func uniform(_ low: Double, _ high: Double) -> Double { low + (high - low) * uniform() }

  /// A standard normal value, clipped to ±`limit` deviations so no face is absurd.
  mutating func normal(limit: Double = 3) -> Double {
    min(max(generator.nextGaussian(), -limit), limit)
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
  mutating func index(_ count: Int) -> Int { generator.nextInt(below: count) }

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
}

import Foundation

/// A small, fast, seeded random number generator (SplitMix64) whose output never changes.
///
/// Every module that must be reproducible from a seed (splits, control sampling, the demo cohort,
/// weight initialisation, minibatch order, augmentation) draws from this generator. SplitMix64
/// (Steele, Lea & Flood, "Fast splittable pseudorandom number generators", OOPSLA 2014; the seeding
/// generator of `java.util.SplittableRandom` and of xoshiro) passes BigCrush, has period 2^64 and
/// costs one add and three multiply-xorshifts per draw.
///
/// Use the methods below rather than the standard library's `Int.random(in:using:)` or
/// `shuffled(using:)`: those are free to change their algorithm between Swift releases, these are not,
/// so the same seed gives the same split, cohort and bytes on every machine and toolchain.
///
///     var rng = SeededGenerator(seed: 1)
///     let u = rng.nextDouble()             // uniform in [0, 1)
///     let k = rng.nextInt(below: 6)        // 0...5, unbiased
///     var order = Array(0..<10)
///     rng.shuffle(&order)                  // Fisher–Yates
///     var augment = SeededGenerator(seed: 1, stream: "augment")  // an independent stream
public struct SeededGenerator: RandomNumberGenerator, Sendable, Hashable {
  /// The whole state: a 64-bit counter advanced by the golden-ratio increment.
  public private(set) var state: UInt64

  /// A generator whose sequence is fixed by `seed`.
  public init(seed: UInt64) {
    state = seed
  }

  /// A generator for one purpose (`"split"`, `"controls"`, …) that is independent of the other
  /// purposes' generators with the same seed, so adding draws for one purpose never shifts another.
  public init(seed: UInt64, stream: String) {
    // FNV-1a over the stream name, mixed with the seed through one SplitMix64 step.
    var hash: UInt64 = 0xCBF2_9CE4_8422_2325
    for byte in stream.utf8 {
      hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
    }
    state = SeededGenerator.mix(seed ^ hash)
  }

  /// The next 64 random bits.
  public mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    return SeededGenerator.mix(state)
  }

  /// A uniform double in [0, 1) with 53 random bits.
  public mutating func nextDouble() -> Double {
    Double(next() >> 11) * 0x1.0p-53
  }

  /// A uniform integer in `0..<bound` without modulo bias (Lemire's multiply-and-reject method).
  public mutating func nextInt(below bound: Int) -> Int {
    precondition(bound > 0, "nextInt(below:) needs a positive bound")
    let range = UInt64(bound)
    var product = next().multipliedFullWidth(by: range)
    if product.low < range {
      let threshold = (0 &- range) % range
      while product.low < threshold {
        product = next().multipliedFullWidth(by: range)
      }
    }
    return Int(product.high)
  }

  /// A standard normal draw (Box–Muller; one of the pair is discarded, to keep the state simple).
  public mutating func nextGaussian() -> Double {
    let u1 = 1 - nextDouble()  // (0, 1]: log stays finite
    let u2 = nextDouble()
    return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
  }

  /// Shuffles `elements` in place (Fisher–Yates, last index first).
  public mutating func shuffle<C: MutableCollection & RandomAccessCollection>(_ elements: inout C) {
    var i = elements.count - 1
    while i > 0 {
      let j = nextInt(below: i + 1)
      if i != j {
        elements.swapAt(
          elements.index(elements.startIndex, offsetBy: i),
          elements.index(elements.startIndex, offsetBy: j))
      }
      i -= 1
    }
  }

  /// `elements` in a random order (Fisher–Yates).
  public mutating func shuffled<S: Sequence>(_ elements: S) -> [S.Element] {
    var array = Array(elements)
    shuffle(&array)
    return array
  }

  /// The SplitMix64 output function (David Stafford's "Mix13" finaliser).
  static func mix(_ value: UInt64) -> UInt64 {
    var z = value
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

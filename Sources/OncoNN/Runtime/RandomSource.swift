import Foundation

/// A small deterministic random generator (SplitMix64) for weight initialisation and dropout.
///
/// The same seed gives the same numbers on every machine and thread count.
public struct RandomSource: RandomNumberGenerator, Sendable {
  private var state: UInt64

  public init(seed: UInt64) { state = seed &+ 0x9E37_79B9_7F4A_7C15 }

  public mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// Uniform in [0, 1).
  public mutating func nextUnit() -> Float { Float(next() >> 40) * (1.0 / Float(1 << 24)) }

  /// Standard normal (Box–Muller).
  public mutating func nextGaussian() -> Float {
    let u1 = max(Double(next() >> 11) * (1.0 / Double(1 << 53)), 1e-300)
    let u2 = Double(next() >> 11) * (1.0 / Double(1 << 53))
    return Float((-2 * _log(u1)).squareRoot() * _cos(2 * .pi * u2))
  }

  /// A tensor of normal values with standard deviation `std`.
  mutating func normal(_ shape: Shape, std: Float) -> Tensor {
    let t = Tensor(shape: shape)
    for i in 0..<t.count { t.pointer[i] = nextGaussian() * std }
    return t
  }

  /// A tensor of values uniform in `[-bound, bound)`.
  mutating func uniform(_ shape: Shape, bound: Float) -> Tensor {
    let t = Tensor(shape: shape)
    for i in 0..<t.count { t.pointer[i] = (nextUnit() * 2 - 1) * bound }
    return t
  }
}

@inline(__always) private func _log(_ x: Double) -> Double { Foundation.log(x) }
@inline(__always) private func _cos(_ x: Double) -> Double { Foundation.cos(x) }

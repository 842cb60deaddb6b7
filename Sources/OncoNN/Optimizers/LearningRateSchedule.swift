import Foundation

/// How the learning rate changes with the optimizer's step count, as a factor of the base rate.
public enum LearningRateSchedule: Sendable, Equatable, Codable {
  /// The base rate throughout.
  case constant
  /// The rate times `factor` after every `every` steps.
  case step(every: Int, factor: Float)
  /// Cosine decay from the base rate to `minimumFactor`·base over `total` steps.
  case cosine(total: Int, minimumFactor: Float)
  /// One-cycle (as PyTorch's OneCycleLR, cosine): from base/`startDivisor` up to the base rate over
  /// the first `warmupFraction` of `total` steps, then down to
  /// base/(`startDivisor`·`finalDivisor`).
  case oneCycle(total: Int, warmupFraction: Float, startDivisor: Float, finalDivisor: Float)

  /// One-cycle with PyTorch's defaults (30% warm-up, ÷25 start, ÷10⁴ end).
  public static func oneCycle(total: Int) -> LearningRateSchedule {
    .oneCycle(total: total, warmupFraction: 0.3, startDivisor: 25, finalDivisor: 1e4)
  }

  /// The factor for optimizer step `step` (0-based).
  public func factor(at step: Int) -> Float {
    switch self {
    case .constant:
      return 1
    case let .step(every, factor):
      return powf(factor, Float(step / max(every, 1)))
    case let .cosine(total, minimumFactor):
      let t = min(Float(step) / Float(max(total, 1)), 1)
      return minimumFactor + (1 - minimumFactor) * 0.5 * (1 + cosf(.pi * t))
    case let .oneCycle(total, warmupFraction, startDivisor, finalDivisor):
      let peakStep = max(Float(total) * warmupFraction - 1, 1)
      let s = Float(step)
      func anneal(_ from: Float, _ to: Float, _ t: Float) -> Float {
        to + (from - to) * 0.5 * (1 + cosf(.pi * min(max(t, 0), 1)))
      }
      if s <= peakStep { return anneal(1 / startDivisor, 1, s / peakStep) }
      let rest = max(Float(total) - 1 - peakStep, 1)
      return anneal(1, 1 / (startDivisor * finalDivisor), (s - peakStep) / rest)
    }
  }
}

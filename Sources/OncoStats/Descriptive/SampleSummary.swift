/// Count, mean, standard deviation (n − 1), minimum and maximum of a sample.
public struct SampleSummary: Sendable, Hashable {
  public let count: Int
  public let mean: Double
  /// The unbiased sample variance (denominator n − 1); NaN for fewer than two values.
  public let variance: Double
  public let minimum: Double
  public let maximum: Double

  public var standardDeviation: Double { variance.squareRoot() }

  /// Summarises `values`; an empty sample has NaN mean and variance.
  public init<S: Sequence>(_ values: S) where S.Element == Double {
    let values = Array(values)
    count = values.count
    mean = values.isEmpty ? .nan : values.reduce(0, +) / Double(values.count)
    let mean = self.mean
    // Two passes (with the compensating second term) keep the variance exact for large offsets.
    let deviations = values.map { $0 - mean }
    let squares = deviations.reduce(0) { $0 + $1 * $1 }
    let correction = deviations.reduce(0, +)
    variance = values.count < 2
      ? .nan : (squares - correction * correction / Double(values.count)) / Double(values.count - 1)
    minimum = values.min() ?? .nan
    maximum = values.max() ?? .nan
  }
}

/// Counts of values in equal-width bins [origin + k·width, origin + (k+1)·width).
///
///     let h = Histogram(ages, binWidth: 5, origin: 0, binCount: 20)   // 0–4, 5–9, …, 95–99
///     h.counts[8]   // ages 40–44
public struct Histogram: Sendable, Hashable {
  public let origin: Double
  public let binWidth: Double
  public private(set) var counts: [Int]
  /// Values below the first or at/after the last bin edge.
  public private(set) var outside: Int

  /// Bins `values`; without `binCount` the bins reach the largest value.
  public init(_ values: [Double], binWidth: Double, origin: Double = 0, binCount: Int? = nil) {
    precondition(binWidth > 0, "Histogram needs a positive bin width")
    self.origin = origin
    self.binWidth = binWidth
    let needed = values.map { Int(((($0 - origin) / binWidth)).rounded(.down)) + 1 }.max() ?? 0
    counts = Array(repeating: 0, count: max(0, binCount ?? needed))
    outside = 0
    for value in values {
      let k = ((value - origin) / binWidth).rounded(.down)
      if k >= 0, k < Double(counts.count) { counts[Int(k)] += 1 } else { outside += 1 }
    }
  }

  /// The lower edge of bin `k`.
  public func lowerEdge(_ k: Int) -> Double { origin + Double(k) * binWidth }
}

/// How controls are matched to cases.
public struct MatchingOptions: Sendable, Hashable {
  /// Controls per case (1 for 1:1).
  public var ratio: Int
  /// Width of the age bins in years; strata are sex × age bin.
  public var ageBinWidth: Double
  /// The seed of the sampling; the same seed and inputs give the same cohort.
  public var seed: UInt64

  public init(ratio: Int = 1, ageBinWidth: Double = 5, seed: UInt64 = 1) {
    self.ratio = ratio
    self.ageBinWidth = ageBinWidth
    self.seed = seed
  }
}

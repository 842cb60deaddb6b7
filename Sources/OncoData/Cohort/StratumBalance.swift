/// How one stratum was filled: its cases, and where its controls came from.
public struct StratumBalance: Sendable, Hashable {
  public var stratum: Stratum
  public var cases: Int
  /// ratio × cases.
  public var wanted: Int
  /// Pool members of this stratum before sampling.
  public var available: Int
  /// Controls drawn from the stratum itself.
  public var sameStratum: Int
  /// Controls of the same sex and the nearest ages, taken because the stratum was short.
  public var nearestAge: Int
  /// The ages of the `nearestAge` controls, ascending.
  public var nearestAges: [Double]

  /// Controls still missing after borrowing (the pool ran out of this sex).
  public var short: Int { wanted - sameStratum - nearestAge }
  public var controls: Int { sameStratum + nearestAge }
}

import OncoStats

/// Cases and the controls sampled for them so that, per sex × age bin, there are `ratio` controls
/// per case — the design of the JMIR 2020 study, whose controls matched the patients' sex and age.
///
/// Sampling is without replacement and seeded. Each stratum first takes a random sample of the pool
/// members in the same stratum. A stratum that is still short then takes, for its cases in random
/// order, the unused pool member of the same sex with the nearest age (never the other sex), and says
/// so in its `StratumBalance`. Pool rows that are also cases (same file) are never controls.
///
///     let cases = try Manifest(contentsOf: casesURL, options: ManifestOptions(required: [.sex, .age]))
///     let pool = try Manifest(contentsOf: poolURL, options: ManifestOptions(required: [.sex, .age]))
///     let cohort = try MatchedCohort(cases: cases.rows, pool: pool.rows, options: MatchingOptions())
///     cohort.balance.ageSMD   // |SMD| < 0.1 is a good match
public struct MatchedCohort: Sendable {
  public let cases: [ManifestRow]
  /// The chosen controls, in stratum order.
  public let controls: [ManifestRow]
  /// For each control (same order): the case stratum it serves, and whether it was taken by nearest
  /// age because that stratum was short (its own age may then lie outside the stratum's bin).
  public let assignments: [(stratum: Stratum, byNearestAge: Bool)]
  /// Per stratum (sex, then age), only strata with cases.
  public let strata: [StratumBalance]
  public let options: MatchingOptions
  /// Pool rows left out because they are cases too.
  public let poolOverlap: Int
  /// Pool rows that could be drawn (after removing cases).
  public let poolSize: Int

  public init(
    cases: [ManifestRow], pool: [ManifestRow], options: MatchingOptions = MatchingOptions()
  )
    throws
  {
    guard options.ratio >= 1 else { throw CohortError.badOption("--ratio must be 1 or more") }
    guard options.ageBinWidth > 0, options.ageBinWidth.isFinite else {
      throw CohortError.badOption("--age-bin must be a positive number of years")
    }
    for row in cases where row.sex == nil || row.age == nil {
      throw CohortError.incompleteRow(role: "case", line: row.line)
    }
    for row in pool where row.sex == nil || row.age == nil {
      throw CohortError.incompleteRow(role: "pool", line: row.line)
    }
    let casePaths = Set(cases.map(\.url.path))
    let candidates = pool.filter { !casePaths.contains($0.url.path) }
    let width = options.ageBinWidth
    func stratum(_ row: ManifestRow) -> Stratum {
      Stratum(sex: row.sex!, age: row.age!, binWidth: width)
    }

    var rng = SeededGenerator(seed: options.seed, stream: "controls")
    let casesByStratum = Dictionary(grouping: cases, by: stratum)
    let poolByStratum = Dictionary(grouping: candidates.indices, by: { stratum(candidates[$0]) })
    var used = [Bool](repeating: false, count: candidates.count)
    var chosen: [Stratum: [Int]] = [:]
    var balances: [Stratum: StratumBalance] = [:]

    // Pass 1: a random sample of each stratum's own pool members.
    for key in casesByStratum.keys.sorted() {
      let wanted = options.ratio * casesByStratum[key]!.count
      var members = poolByStratum[key] ?? []
      rng.shuffle(&members)
      let taken = Array(members.prefix(wanted))
      taken.forEach { used[$0] = true }
      chosen[key] = taken
      balances[key] = StratumBalance(
        stratum: key, cases: casesByStratum[key]!.count, wanted: wanted,
        available: members.count, sameStratum: taken.count, nearestAge: 0,
        nearestAges: [])
    }

    // Pass 2: short strata borrow the nearest ages of the same sex from what is left.
    var left = NearestAgePool(candidates: candidates, used: used, rng: &rng)
    for key in casesByStratum.keys.sorted() {
      guard var balance = balances[key], balance.short > 0 else { continue }
      let targets = rng.shuffled(casesByStratum[key]!.map { $0.age! })
      for k in 0..<balance.short {
        guard let index = left.takeNearest(sex: key.sex, age: targets[k % targets.count]) else {
          break
        }
        chosen[key, default: []].append(index)
        balance.nearestAge += 1
        balance.nearestAges.append(candidates[index].age!)
      }
      balance.nearestAges.sort()
      balances[key] = balance
    }

    self.cases = cases
    let order = casesByStratum.keys.sorted()
    controls = order.flatMap { chosen[$0]!.map { candidates[$0] } }
    assignments = order.flatMap { key in
      chosen[key]!.indices.map { (key, $0 >= balances[key]!.sameStratum) }
    }
    strata = casesByStratum.keys.sorted().map { balances[$0]! }
    self.options = options
    poolOverlap = pool.count - candidates.count
    poolSize = candidates.count
  }

  /// Age and sex balance of cases against controls.
  public var balance: CohortBalance { CohortBalance(cases: cases, controls: controls) }

  /// Strata that could not be filled from their own bin.
  public var shortStrata: [StratumBalance] { strata.filter { $0.sameStratum < $0.wanted } }
}

/// The unused pool members of each sex sorted by age (ties in random order), to take the nearest age.
struct NearestAgePool {
  private var bySex: [Sex: [(age: Double, index: Int)]] = [:]

  init(candidates: [ManifestRow], used: [Bool], rng: inout SeededGenerator) {
    var keyed: [Sex: [(age: Double, tie: UInt64, index: Int)]] = [:]
    for (index, row) in candidates.enumerated() where !used[index] {
      keyed[row.sex!, default: []].append((row.age!, rng.next(), index))
    }
    for (sex, list) in keyed {
      bySex[sex] = list.sorted { ($0.age, $0.tie) < ($1.age, $1.tie) }.map { ($0.age, $0.index) }
    }
  }

  /// Removes and returns the member of `sex` whose age is nearest `age` (the younger on a tie of
  /// distance); nil when none is left.
  mutating func takeNearest(sex: Sex, age: Double) -> Int? {
    guard var list = bySex[sex], !list.isEmpty else { return nil }
    var low = 0
    var high = list.count  // first position with age ≥ target
    while low < high {
      let mid = (low + high) / 2
      if list[mid].age < age { low = mid + 1 } else { high = mid }
    }
    var pick = low
    if low == list.count || (low > 0 && age - list[low - 1].age <= list[low].age - age) {
      pick = low - 1
    }
    let index = list.remove(at: pick).index
    bySex[sex] = list
    return index
  }
}

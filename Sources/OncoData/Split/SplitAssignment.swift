import OncoStats

/// Which split every image of a data set belongs to: stratified by label × sex, grouped by subject,
/// seeded; saved as a `split` column and read back so that a run can be reproduced exactly.
///
/// All photos of one subject go to the same split, so no person is both trained on and tested on.
/// Rows without a subject are their own group. Within each label × sex stratum the groups are
/// shuffled (seeded, independent of row order) and each goes to the split furthest below its target
/// share of the stratum's images, so every stratum is split in the requested proportions (to within
/// one group).
///
///     let split = try SplitAssignment(rows: manifest.rows, seed: 1)
///     let train = split.rows(.train, of: manifest.rows)
///     csv.append([…, split[row]!.rawValue])                       // the `split` column
///     let again = try SplitAssignment(savedIn: cohort)            // reads the column back
public struct SplitAssignment: Sendable, Equatable {
  /// Split per image, keyed by the resolved file path.
  public private(set) var splits: [String: Split]

  /// Splits `rows` in `fractions` (default 70/15/15) with `seed`.
  public init(rows: [ManifestRow], fractions: SplitFractions = .standard, seed: UInt64 = 1) throws {
    try fractions.validate()
    // Groups: one per subject, else one per image; keyed so that row order does not matter.
    var groups: [String: [ManifestRow]] = [:]
    for row in rows {
      groups[row.subject.map { "subject:" + $0 } ?? "file:" + row.url.path, default: []].append(row)
    }
    // A group's stratum is its most frequent label × sex (a subject normally has one).
    var strata: [String: [(key: String, size: Int)]] = [:]
    for (key, members) in groups {
      let counts = Dictionary(
        members.map { SplitAssignment.stratum(of: $0) }.map { ($0, 1) },
        uniquingKeysWith: +)
      let stratum = counts.max { ($0.value, $1.key) < ($1.value, $0.key) }!.key
      strata[stratum, default: []].append((key, members.count))
    }
    var rng = SeededGenerator(seed: seed, stream: "split")
    var splits: [String: Split] = [:]
    for stratum in strata.keys.sorted() {
      var list = strata[stratum]!.sorted { $0.key < $1.key }
      rng.shuffle(&list)
      let total = Double(list.reduce(0) { $0 + $1.size })
      var assigned: [Split: Int] = [:]
      for group in list {
        // The split furthest below its target; on a tie the first of train, val, test.
        var split = Split.train
        var deficit = -Double.infinity
        for candidate in Split.allCases {
          let gap = total * fractions[candidate] - Double(assigned[candidate, default: 0])
          if gap > deficit { (split, deficit) = (candidate, gap) }
        }
        assigned[split, default: 0] += group.size
        for row in groups[group.key]! { splits[row.url.path] = split }
      }
    }
    self.splits = splits
  }

  /// Reads the split saved in a manifest's `column` (as cohort.csv stores it).
  public init(savedIn manifest: Manifest, column: String = "split") throws {
    guard manifest.columns.contains(where: { $0.lowercased() == column.lowercased() }) else {
      throw SplitError.missingColumn(file: manifest.source.path, column: column)
    }
    var splits: [String: Split] = [:]
    for row in manifest.rows {
      let value = row[column] ?? ""
      guard let split = Split(spelling: value) else {
        throw SplitError.badValue(file: manifest.source.path, line: row.line, value: value)
      }
      splits[row.url.path] = split
    }
    self.splits = splits
  }

  /// The split of `row`; nil when the row was not part of the split data set.
  public subscript(row: ManifestRow) -> Split? { splits[row.url.path] }

  /// The rows of `rows` in `split`, in their order.
  public func rows(_ split: Split, of rows: [ManifestRow]) -> [ManifestRow] {
    rows.filter { self[$0] == split }
  }

  /// How many images each split holds.
  public var counts: [Split: Int] { Dictionary(splits.values.map { ($0, 1) }, uniquingKeysWith: +) }

  /// `label × sex` of a row, the stratum used for splitting.
  static func stratum(of row: ManifestRow) -> String {
    (row.label ?? "") + "\u{1F}" + (row.sex?.rawValue ?? "")
  }
}

import Foundation
import OncoData

/// One image a run trains, validates or tests on.
public struct TrainingItem: Sendable, Equatable {
  /// The photo as the data set names it.
  public var path: String
  /// The prepared item's id.
  public var id: String
  /// The chip the network sees (masked or plain, as the run is configured).
  public var chip: URL
  /// The label value as written.
  public var label: String
  public var isPositive: Bool
  public var sex: Sex?
  public var age: Double?
  public var subject: String?
  public var split: Split
}

/// The labelled, prepared, split images of a run, read from a prepared folder's prepared.csv.
///
/// Rows that were not prepared (no face, unreadable…) or have no label are left out and counted;
/// everything that would make training meaningless is an error before any work starts: no usable
/// image, a `--positive` value that no row has, a single class, a split without both classes.
struct TrainingSet: Sendable {
  var prepared: URL
  var items: [TrainingItem]
  var positiveLabel: String
  /// The other label value when there is exactly one (e.g. `control`, `M`); nil otherwise.
  var negativeLabel: String?
  /// The rows of prepared.csv, with the split of each used one (for cohort.csv).
  var cohort: [CohortRow]
  /// Why rows were left out, with counts (e.g. "no_face": 3, "no label": 1).
  var leftOut: [String: Int]

  struct CohortRow: Sendable {
    var values: [String]
    var split: Split?
  }

  /// Reads `prepared`/prepared.csv with `config`'s label column and positive value; splits it with
  /// `config`'s fractions and seed, or with `savedSplits` (id → split, from cohort.csv) on resume.
  init(prepared: URL, config: TrainingConfig, savedSplits: [String: Split]? = nil) throws {
    self.prepared = prepared
    let file = prepared.appendingPathComponent("prepared.csv")
    let manifest = try Manifest(
      contentsOf: file, options: ManifestOptions(labelColumn: config.labelColumn, checkFiles: false)
    )
    var leftOut: [String: Int] = [:]
    for issue in manifest.issues { leftOut[issue.reason.rawValue, default: 0] += 1 }
    var usable: [ManifestRow] = []
    for row in manifest.rows {
      let outcome = row["outcome"] ?? ""
      if outcome != "ok" {
        leftOut[outcome.isEmpty ? "not prepared" : outcome, default: 0] += 1
      } else if row.label == nil {
        leftOut["no label", default: 0] += 1
      } else {
        usable.append(row)
      }
    }
    guard !usable.isEmpty else {
      let detail =
        leftOut.isEmpty
        ? "no rows"
        : leftOut.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
      throw TrainingError.emptyDataSet(path: file.path, detail: detail)
    }
    let labels = Set(usable.compactMap(\.label)).sorted()
    let column = manifest.labelColumn ?? config.labelColumn
    let positive: String
    if let given = config.positiveLabel {
      guard
        let match = labels.first(where: { $0 == given })
          ?? labels.first(where: { $0.lowercased() == given.lowercased() })
      else {
        throw TrainingError.labelNotPresent(
          path: file.path, column: column, value: given, present: labels)
      }
      positive = match
    } else if let match = labels.first(where: { $0.lowercased() == "case" }) {
      positive = match
    } else {
      throw TrainingError.positiveLabelNeeded(path: file.path, column: column, present: labels)
    }
    let positives = usable.count { $0.label == positive }
    guard positives > 0, positives < usable.count else {
      throw TrainingError.oneClass(
        path: file.path, column: column, positive: positive,
        positives: positives, negatives: usable.count - positives)
    }
    positiveLabel = positive
    let others = labels.filter { $0 != positive }
    negativeLabel = others.count == 1 ? others[0] : nil

    var splitOf: [String: Split] = [:]  // by id
    if let savedSplits {
      splitOf = savedSplits
      let missing = savedSplits.keys.count { id in !usable.contains { $0["id"] == id } }
      if missing > 0 {
        throw TrainingError.preparedFolderChanged(path: prepared.path, missing: missing)
      }
    } else {
      let assignment = try SplitAssignment(
        rows: usable, fractions: config.splitFractions,
        seed: config.seed)
      for row in usable { splitOf[row["id"] ?? ""] = assignment[row] }
    }
    let chipFolder = config.masked ? "masked" : "chips"
    var items: [TrainingItem] = []
    for row in usable {
      let id = row["id"] ?? ""
      guard let split = splitOf[id] else { continue }
      items.append(
        TrainingItem(
          path: row.path, id: id,
          chip: prepared.appendingPathComponent(chipFolder).appendingPathComponent(id + ".png"),
          label: row.label!, isPositive: row.label == positive, sex: row.sex, age: row.age,
          subject: row.subject, split: split))
    }
    for split in Split.allCases {
      let part = items.filter { $0.split == split }
      let p = part.count { $0.isPositive }
      guard p > 0, p < part.count else {
        throw TrainingError.splitLacksClass(
          split: split.rawValue, positives: p, negatives: part.count - p)
      }
    }
    self.items = items
    self.leftOut = leftOut
    let splitByLine = Dictionary(
      usable.map { ($0.line, splitOf[$0["id"] ?? ""]) },
      uniquingKeysWith: { a, _ in a })
    cohort = manifest.rows.map { CohortRow(values: $0.values, split: splitByLine[$0.line] ?? nil) }
    cohortColumns = manifest.columns
  }

  /// The columns of prepared.csv, in order.
  var cohortColumns: [String]

  /// The items of one split, in data-set order.
  func items(_ split: Split) -> [TrainingItem] { items.filter { $0.split == split } }

  var counts: SplitCounts {
    SplitCounts(
      train: items(.train).count, validation: items(.validation).count,
      test: items(.test).count)
  }

  /// cohort.csv: every row of prepared.csv (failures included) with a `split` column (empty for
  /// rows not used).
  var cohortText: String {
    let columns = cohortColumns.map { $0.lowercased() == "split" ? "input_" + $0 : $0 }
    var csv = CSVWriter(header: columns + ["split"])
    for row in cohort { csv.append(row.values + [row.split?.rawValue ?? ""]) }
    return csv.text
  }

  /// The id → split map saved in a session's cohort.csv.
  static func savedSplits(in cohortFile: URL) throws -> [String: Split] {
    let csv = try CSVFile(contentsOf: cohortFile)
    guard let id = csv.header.firstIndex(of: "id"), let split = csv.header.firstIndex(of: "split")
    else {
      throw SessionError.damaged(path: cohortFile.path, reason: "no id and split columns")
    }
    var splits: [String: Split] = [:]
    for record in csv.records where record.problem == nil && record.fields.count == csv.header.count
    {
      if let s = Split(spelling: record.fields[split]) { splits[record.fields[id]] = s }
    }
    return splits
  }
}

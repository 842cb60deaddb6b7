import Foundation
import OncoData
import OncoStats

/// Applies a trained session to new photos: `oncoface predict SESSION INPUT --out CSV`.
///
/// INPUT is a prepared folder, or a manifest or folder of photos that is prepared first (into the
/// sessions folder's `.prepared/`, with the preparation cache). Every input row gets a row out;
/// photos that could not be prepared get their outcome and no probability. When INPUT has the
/// session's label column, the report adds the AUC (with its DeLong interval) and the accuracy.
public enum Predictor {
  /// One input photo and what the session says about it.
  public struct Row: Sendable, Equatable {
    public var path: String
    public var id: String
    /// `ok`, or why the photo could not be prepared (`no_face`, `unreadable`…).
    public var outcome: String
    public var reason: String
    /// The label in INPUT, when it has the session's label column.
    public var label: String?
    /// P(positive label); nil when the photo was not prepared.
    public var probability: Double?
    /// The positive label when `probability ≥ 0.5`, else the negative one.
    public var predicted: String?
  }

  /// All rows, and the figures when INPUT is labelled.
  public struct Report: Sendable {
    public var rows: [Row]
    public var positiveLabel: String
    /// True when INPUT has the session's label column.
    public var hasLabels: Bool
    /// Over the prepared, labelled rows; nil without labels or without both classes.
    public var evaluation: BinaryEvaluation?
    public var seconds: Double

    public var predicted: Int { rows.count { $0.probability != nil } }
    public var failed: Int { rows.count - predicted }
  }

  /// Predicts every photo of `input` with `session`'s best weights; `log` and `progress`
  /// (done, total images) report as it goes.
  public static func predict(
    session: SessionFolder, input: URL, log: (String) -> Void = { _ in },
    progress: @escaping @Sendable (Int, Int) -> Void = { _, _ in }
  ) throws -> Report {
    let start = Date()
    let model = try SessionModel.load(session)
    let config = model.record.config
    let prepared = try DataSetInput.preparedFolder(
      for: input, store: SessionStore(root: session.url.deletingLastPathComponent()),
      config: config, log: log, progress: progress)
    let file = prepared.appendingPathComponent("prepared.csv")
    let csv = try CSVFile(contentsOf: file)
    let hasLabels = csv.header.contains {
      $0.trimmingCharacters(in: .whitespaces).lowercased() == config.labelColumn.lowercased()
    }
    let manifest = try Manifest(
      csv: csv, source: file,
      options: ManifestOptions(labelColumn: hasLabels ? config.labelColumn : nil, checkFiles: false)
    )
    var rows = manifest.rows.map { row in
      Row(
        path: row.path, id: row["id"] ?? "", outcome: row["outcome"] ?? "",
        reason: row["reason"] ?? "", label: hasLabels ? row.label : nil)
    }
    for issue in manifest.issues {
      rows.append(
        Row(
          path: "line \(issue.line)", id: "", outcome: issue.reason.rawValue,
          reason: issue.detail, label: nil))
    }
    let ready = rows.indices.filter { rows[$0].outcome == "ok" }
    let negative = model.negativeLabel ?? "not " + model.positiveLabel
    var done = 0
    for range in TrainingRun.batches(ready.count, size: 32) {
      let indices = Array(ready[range])
      let items = indices.map { i in
        TrainingItem(
          path: rows[i].path, id: rows[i].id, chip: model.chipURL(id: rows[i].id, in: prepared),
          label: "", isPositive: false, sex: nil, age: nil, subject: nil, split: .test)
      }
      let x = try model.loader.load(items)
      let logits = try model.network.forward(
        .init(shape: .init(items.count, 3, model.inputSize, model.inputSize), scalars: x),
        mode: .inference)
      for (k, p) in model.probabilities(logits: logits).enumerated() {
        rows[indices[k]].probability = p
        rows[indices[k]].predicted = p >= 0.5 ? model.positiveLabel : negative
      }
      done += indices.count
      progress(done, ready.count)
    }
    var evaluation: BinaryEvaluation?
    let labelled = rows.filter { $0.probability != nil && $0.label != nil }
    if hasLabels, Set(labelled.map { $0.label == model.positiveLabel }).count == 2 {
      evaluation = try BinaryEvaluation(
        scores: labelled.map { $0.probability! },
        labels: labelled.map { $0.label == model.positiveLabel })
    }
    return Report(
      rows: rows, positiveLabel: model.positiveLabel, hasLabels: hasLabels,
      evaluation: evaluation, seconds: Date().timeIntervalSince(start))
  }

  /// Writes `path,probability,predicted[,label],outcome,reason` atomically.
  public static func write(_ report: Report, to url: URL) throws {
    var header = ["path", "probability", "predicted"]
    if report.hasLabels { header.append("label") }
    header += ["outcome", "reason"]
    var csv = CSVWriter(header: header)
    for row in report.rows {
      var fields = [row.path, row.probability.map { "\($0)" } ?? "", row.predicted ?? ""]
      if report.hasLabels { fields.append(row.label ?? "") }
      fields += [row.outcome, row.reason]
      csv.append(fields)
    }
    try AtomicFile.write(Data(csv.text.utf8), to: url)
  }
}

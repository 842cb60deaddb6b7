import Foundation

extension MatchedCohort {
  /// The files `write(to:)` produced.
  public struct Files: Sendable {
    public var cohort: URL
    public var balanceTable: URL
    public var balanceText: URL
  }

  /// Writes the cohort manifest (cases then controls, `label` = case/control) and, next to it,
  /// balance.csv and balance.txt; each atomically. Paths are rewritten relative to the cohort's
  /// folder, so the file reads back with `Manifest.load`.
  ///
  /// Columns: path, label, sex, age, subject (when an input has one), stratum (a case's own, the
  /// stratum a control serves), matched (`case`, `stratum` or `nearest age`), original_label (an
  /// input's own label column, when there is one), then every other input column in order.
  @discardableResult
  public func write(to url: URL) throws -> Files {
    let folder = url.deletingLastPathComponent()
    do {
      try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    } catch {
      throw CSVError.cannotWrite(file: url.path, reason: CSVFile.reason(error))
    }
    let rows = cases + controls
    let hasLabel = rows.contains { $0.label != nil }
    let hasSubject = rows.contains { $0.subject != nil }
    var header =
      ["path", "label", "sex", "age"] + (hasSubject ? ["subject"] : [])
      + ["stratum", "matched"] + (hasLabel ? ["original_label"] : [])
    // Every other input column, cases' columns first, each once.
    let known = Set(ManifestField.allCases.flatMap(\.headerNames) + header)
    var seenColumns: Set<[String]> = []
    for row in rows where seenColumns.insert(row.columns).inserted {
      for name in row.columns where !known.contains(name.lowercased()) && !header.contains(name) {
        header.append(name)
      }
    }

    var csv = CSVWriter(header: header)
    for (i, row) in rows.enumerated() {
      let assignment = i < cases.count ? nil : assignments[i - cases.count]
      let stratum =
        assignment?.stratum
        ?? Stratum(sex: row.sex!, age: row.age!, binWidth: options.ageBinWidth)
      var fields = [
        Manifest.relativePath(of: row.url, from: folder), assignment == nil ? "case" : "control",
        row.sex!.rawValue, Stratum.format(row.age!),
      ]
      if hasSubject { fields.append(row.subject ?? "") }
      fields.append(stratum.description)
      fields.append(assignment.map { $0.byNearestAge ? "nearest age" : "stratum" } ?? "case")
      if hasLabel { fields.append(row.label ?? "") }
      for name in header.dropFirst(fields.count) { fields.append(row[name] ?? "") }
      csv.append(fields)
    }
    let files = Files(
      cohort: url, balanceTable: folder.appendingPathComponent("balance.csv"),
      balanceText: folder.appendingPathComponent("balance.txt"))
    let report = BalanceReport(self)
    try csv.write(to: files.cohort)
    try report.table.write(to: files.balanceTable)
    do {
      try Data(report.text.utf8).write(to: files.balanceText, options: .atomic)
    } catch {
      throw CSVError.cannotWrite(file: files.balanceText.path, reason: CSVFile.reason(error))
    }
    return files
  }
}

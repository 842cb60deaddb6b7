import Foundation
import OncoData

/// The cohort panel's work, as `oncoface cohort` does it: reads the cases and the pool (a label of
/// the open data set, or a manifest), samples sex/age-matched controls (`MatchedCohort`), writes
/// COHORT.csv with balance.csv and balance.txt, and returns the report. Reads files: call it off
/// the main queue.
struct CohortBuilder {
  /// Where rows come from: the open data set's rows with a label, or a manifest file.
  enum Source: Equatable {
    case label(String)
    case file(URL)
  }

  var cases: Source
  var pool: Source
  var options: MatchingOptions
  var output: URL

  /// Reads the panel's form values; `dataSet` and `labels` name the presets of the open data set.
  init(values: [String: String], dataSet: String, labels: [String]) throws {
    func source(_ name: String) throws -> Source {
      let value = values[name, default: ""].trimmingCharacters(in: .whitespaces)
      if let label = labels.first(where: {
        CohortPanel.source(dataSet: dataSet, label: $0) == value
      }) {
        return .label(label)
      }
      guard !value.isEmpty else {
        throw CohortError.badOption("\(name): give a label of the data set or a manifest")
      }
      return .file(URL(fileURLWithPath: value))
    }
    cases = try source("cases")
    pool = try source("pool")
    options = MatchingOptions(
      ratio: values["ratio"].flatMap(Int.init) ?? 1,
      ageBinWidth: values["age-bin"].flatMap(Double.init) ?? 5,
      seed: values["seed"].flatMap(UInt64.init) ?? 1)
    guard let out = values["out"]?.trimmingCharacters(in: .whitespaces), !out.isEmpty else {
      throw CohortError.badOption("write to: give the path of the cohort CSV")
    }
    output = URL(fileURLWithPath: out)
  }

  /// Builds and writes the cohort; `dataSet` is the open data set (a prepared folder or a
  /// manifest / photo folder) that label sources read.
  func build(dataSet: URL) throws -> CohortReport {
    let rows = try self.rows(cases, dataSet: dataSet)
    let candidates = try self.rows(pool, dataSet: dataSet)
    guard !rows.rows.isEmpty else { throw CohortError.noCases(file: describe(cases, dataSet)) }
    let cohort = try MatchedCohort(cases: rows.rows, pool: candidates.rows, options: options)
    guard cohort.poolSize > 0 else { throw CohortError.emptyPool(file: describe(pool, dataSet)) }
    let files = try cohort.write(to: output)
    // The report without its first line (the title) and its ASCII histogram.
    var lines = BalanceReport(cohort).text.split(separator: "\n", omittingEmptySubsequences: false)
      .map(String.init)
    if let histogram = lines.firstIndex(where: { $0.hasPrefix("Age histogram") }) {
      lines.removeSubrange(histogram...)
    }
    // "Matched cohort: 150 cases, 150 controls (1:1, sex x 5-year age bins, seed 1)": the counts
    // title the report, the design is its first line.
    let first = lines.removeFirst()
    let design = first.range(of: " (").map { first[$0.upperBound...].dropLast() } ?? ""
    let title = first.range(of: " (").map { String(first[..<$0.lowerBound]) } ?? first
    lines.insert(String(design), at: 0)
    while lines.last?.isEmpty == true { lines.removeLast() }
    // The verdict (age SMD, sex chi-square) first, above the strata table that may need scrolling.
    let verdict = lines.filter { $0.hasPrefix("Age:") || $0.hasPrefix("Sex:") }
    lines.removeAll { $0.hasPrefix("Age:") || $0.hasPrefix("Sex:") }
    while lines.last?.isEmpty == true { lines.removeLast() }
    // design, pool, blank, verdict, blank, strata…
    let at = min(3, lines.count)
    lines.insert(contentsOf: verdict + (at < lines.count && !lines[at].isEmpty ? [""] : []), at: at)
    // Two labels of the data set read the same file: its left-out rows are told once.
    var notes: [(Source, Int)] = [(cases, rows.leftOut)]
    if case .label = pool, case .label = cases {} else { notes.append((pool, candidates.leftOut)) }
    for (source, left) in notes where left > 0 {
      let file = if case .file(let url) = source { url } else { dataSet }
      lines += [
        "",
        "\(left) rows of \(SessionReader.displayPath(file)) left out (no sex or age, a missing file, or no face)",
      ]
    }
    let balance = cohort.balance
    return CohortReport(
      title: title.replacingOccurrences(of: "Matched cohort: ", with: "Matched cohort · "),
      lines: lines, balanced: abs(balance.ageSMD) < 0.1, sexBalanced: balance.sexTest.p >= 0.05,
      cohort: .init(path: files.cohort.path, display: SessionReader.displayPath(files.cohort)),
      files: [files.balanceTable, files.balanceText].map(SessionReader.displayPath))
  }

  /// The rows of a source that give sex and age, and how many were left out.
  private func rows(_ source: Source, dataSet: URL) throws -> (rows: [ManifestRow], leftOut: Int) {
    let options = ManifestOptions(required: [.sex, .age])
    switch source {
    case .file(let url):
      let manifest = try Manifest.load(url, options: options)
      return (manifest.rows, manifest.issues.count)
    case .label(let label):
      let prepared = PreparedFolder(dataSet)
      guard FileManager.default.fileExists(atPath: prepared.preparedFile.path) else {
        let manifest = try Manifest.load(dataSet, options: options)
        return (manifest.rows.filter { $0.label == label }, manifest.issues.count)
      }
      // A prepared folder: its rows that were prepared, as the input manifest gave them. prepared.csv
      // keeps the input's paths, relative to the input's folder, which it does not record: a photo
      // not found from the prepared folder is stood in for by its chip.
      let manifest = try Manifest(
        contentsOf: prepared.preparedFile,
        options: ManifestOptions(required: [.sex, .age], checkFiles: false))
      let rows = manifest.rows.filter { $0.label == label }
      let usable = rows.compactMap { row -> ManifestRow? in
        guard row["outcome"] == "ok", let id = row["id"] else { return nil }
        var input = CohortBuilder.inputRow(row)
        if !FileManager.default.fileExists(atPath: input.url.path) {
          input.url = prepared.chips.appendingPathComponent(id + ".png")
          guard FileManager.default.fileExists(atPath: input.url.path) else { return nil }
        }
        return input
      }
      return (usable, manifest.issues.count + rows.count - usable.count)
    }
  }

  /// A prepared.csv row as its input row was: without the columns preparation adds (id, chip,
  /// outcome, reason), and an input's own column of such a name (kept as input_id…) named back.
  static func inputRow(_ row: ManifestRow) -> ManifestRow {
    var input = row
    input.columns = []
    input.values = []
    for (column, value) in zip(row.columns, row.values)
    where !PreparedFolder.addedColumns.contains(column) {
      input.columns.append(PreparedFolder.addedColumns.first { column == "input_" + $0 } ?? column)
      input.values.append(value)
    }
    return input
  }

  private func describe(_ source: Source, _ dataSet: URL) -> String {
    switch source {
    case .file(let url): SessionReader.displayPath(url)
    case .label(let label): "\(SessionReader.displayPath(dataSet)) (label \(label))"
    }
  }
}

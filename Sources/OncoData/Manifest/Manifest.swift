import Foundation

/// A data set of face images with label, sex, age and subject: a CSV manifest or a folder of
/// label sub-folders. Bad rows are reported one by one and the good ones kept.
///
/// A manifest is RFC 4180 CSV (UTF-8 with or without BOM, LF or CRLF) with a header line. Columns:
/// `path` (or `file`, relative to the manifest's folder), `label` (or `group`), `sex` (see `Sex`),
/// `age` (years), `subject` (a person id), all optional but `path`, matched ignoring case; any other
/// column is kept in order. A folder with one sub-folder of images per label is a data set too.
///
///     let manifest = try Manifest.load(URL(fileURLWithPath: "photos/manifest.csv"),
///                                      options: ManifestOptions(labelColumn: "sex"))
///     for issue in manifest.issues { print(issue) }    // line 7: unknown sex: "x" is not M or F …
///     print(manifest.summary)                          // 1180 rows kept, 20 skipped (…)
public struct Manifest: Sendable {
  /// The CSV file or the folder read.
  public var source: URL
  /// The folder that relative paths resolve against.
  public var folder: URL
  /// The header, in file order (trimmed).
  public var columns: [String]
  /// The column used as the label, as spelled in the header; nil when there is none.
  public var labelColumn: String?
  /// The kept rows, in file order.
  public var rows: [ManifestRow]
  /// The rows left out, in file order (a row may have several issues).
  public var issues: [ManifestIssue]

  public init(
    source: URL, folder: URL, columns: [String], labelColumn: String?, rows: [ManifestRow],
    issues: [ManifestIssue]
  ) {
    self.source = source
    self.folder = folder
    self.columns = columns
    self.labelColumn = labelColumn
    self.rows = rows
    self.issues = issues
  }

  /// Counts of kept rows and of left-out rows per reason.
  public var summary: ManifestSummary { ManifestSummary(kept: rows.count, issues: issues) }

  /// The distinct labels of the kept rows, sorted.
  public var labels: [String] { Set(rows.compactMap(\.label)).sorted() }

  /// Reads a data set: a CSV file, a folder holding `manifest.csv`, or a folder of label sub-folders.
  public static func load(_ url: URL, options: ManifestOptions = ManifestOptions()) throws
    -> Manifest
  {
    var isFolder: ObjCBool = false
    guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder) else {
      throw CSVError.cannotRead(file: url.path, reason: "no such file or folder")
    }
    guard isFolder.boolValue else { return try Manifest(contentsOf: url, options: options) }
    let inner = url.appendingPathComponent("manifest.csv")
    if FileManager.default.fileExists(atPath: inner.path) {
      return try Manifest(contentsOf: inner, options: options)
    }
    return try Manifest(folder: url, options: options)
  }

  /// Reads a CSV manifest.
  public init(contentsOf url: URL, options: ManifestOptions = ManifestOptions()) throws {
    let csv = try CSVFile(contentsOf: url)
    try self.init(csv: csv, source: url, options: options)
  }

  /// Interprets parsed CSV as a manifest whose paths resolve against `source`'s folder.
  public init(csv: CSVFile, source: URL, options: ManifestOptions = ManifestOptions()) throws {
    let file = source.path
    let columns = csv.header.map { $0.trimmingCharacters(in: .whitespaces) }
    var seen = Set<String>()
    for name in columns where !name.isEmpty {
      guard seen.insert(name.lowercased()).inserted else {
        throw ManifestError.duplicateColumn(file: file, name: name)
      }
    }
    func index(of field: ManifestField) -> Int? {
      field.headerNames.lazy.compactMap { Manifest.columnIndex($0, in: columns) }.first
    }
    guard let pathIndex = index(of: .path) else {
      throw ManifestError.noPathColumn(file: file, columns: columns)
    }
    let labelIndex: Int?
    if let name = options.labelColumn {
      guard let i = Manifest.columnIndex(name, in: columns) else {
        throw ManifestError.unknownLabelColumn(file: file, name: name, columns: columns)
      }
      labelIndex = i
    } else {
      labelIndex = index(of: .label)
    }
    let sexIndex = index(of: .sex)
    let ageIndex = index(of: .age)
    let subjectIndex = index(of: .subject)
    let fieldIndex: [ManifestField: Int?] = [
      .path: pathIndex, .label: labelIndex, .sex: sexIndex, .age: ageIndex, .subject: subjectIndex,
    ]
    for field in ManifestField.allCases where options.required.contains(field) {
      if fieldIndex[field] ?? nil == nil {
        throw ManifestError.missingColumn(file: file, field: field, columns: columns)
      }
    }

    let folder = source.deletingLastPathComponent()
    var rows: [ManifestRow] = []
    var issues: [ManifestIssue] = []
    var firstLine: [String: Int] = [:]  // resolved path → line of the kept row
    for record in csv.records {
      let line = record.line
      if let problem = record.problem {
        let reason: ManifestIssue.Reason
        switch problem {
        case .quoting: reason = .badQuoting
        case .fieldTooLarge: reason = .fieldTooLarge
        case .tooManyFields: reason = .wrongFieldCount
        }
        issues.append(ManifestIssue(line: line, reason: reason, detail: problem.description))
        continue
      }
      guard record.fields.count == columns.count else {
        issues.append(
          ManifestIssue(
            line: line, reason: .wrongFieldCount,
            detail: "\(record.fields.count) field\(record.fields.count == 1 ? "" : "s"), "
              + "the header has \(columns.count)"))
        continue
      }
      let values = record.fields
      func value(_ i: Int?) -> String? {
        guard let i else { return nil }
        let v = values[i].trimmingCharacters(in: .whitespaces)
        return v.isEmpty ? nil : v
      }
      var problems: [(ManifestIssue.Reason, String)] = []
      for field in ManifestField.allCases where options.required.contains(field) && field != .path {
        if value(fieldIndex[field] ?? nil) == nil {
          problems.append((.missingValue, "no \(field)"))
        }
      }
      let sex = value(sexIndex).flatMap(Sex.init(spelling:))
      if let raw = value(sexIndex), sex == nil {
        problems.append(
          (
            .unknownSex,
            "\(Manifest.quoted(raw)) is not M or F (also accepted: "
              + "male/female, man/woman, any case)"
          ))
      }
      var age: Double?
      if let raw = value(ageIndex) {
        if let years = Double(raw), years.isFinite {
          if (0...150).contains(years) {
            age = years
          } else {
            problems.append((.badAge, "\(raw) is outside 0–150 years"))
          }
        } else {
          problems.append((.badAge, "\(Manifest.quoted(raw)) is not a number of years"))
        }
      }
      let path = value(pathIndex) ?? ""
      var url = folder
      if path.isEmpty {
        problems.append((.emptyPath, "the `\(columns[pathIndex])` cell is empty"))
      } else {
        url = URL(fileURLWithPath: path, relativeTo: folder).standardizedFileURL
        if options.checkFiles, let missing = Manifest.missingFileDetail(path: path, url: url) {
          problems.append((.missingFile, missing))
        }
      }
      if problems.isEmpty, let first = firstLine[url.path] {
        problems.append(
          (.duplicatePath, "\(Manifest.quoted(path)) is the same file as line \(first)"))
      }
      guard problems.isEmpty else {
        issues += problems.map { ManifestIssue(line: line, reason: $0.0, detail: $0.1) }
        continue
      }
      firstLine[url.path] = line
      let label = labelIndex == sexIndex && labelIndex != nil ? sex?.rawValue : value(labelIndex)
      rows.append(
        ManifestRow(
          line: line, path: path, url: url, label: label, sex: sex, age: age,
          subject: value(subjectIndex), columns: columns, values: values))
    }
    self.init(
      source: source, folder: folder, columns: columns,
      labelColumn: labelIndex.map { columns[$0] }, rows: rows, issues: issues)
  }

  /// The index of `name` in `columns`: an exact match, else one ignoring case and surrounding spaces.
  static func columnIndex(_ name: String, in columns: [String]) -> Int? {
    if let i = columns.firstIndex(of: name) { return i }
    let key = name.trimmingCharacters(in: .whitespaces).lowercased()
    return columns.firstIndex { $0.trimmingCharacters(in: .whitespaces).lowercased() == key }
  }

  static func missingFileDetail(path: String, url: URL) -> String? {
    var isFolder: ObjCBool = false
    if !FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder) {
      return "\(quoted(path)) does not exist (looked for \(url.path))"
    }
    return isFolder.boolValue ? "\(quoted(path)) is a folder, not an image file" : nil
  }

  static func quoted(_ text: String) -> String {
    let short = text.count > 60 ? String(text.prefix(57)) + "…" : text
    return "\"" + short + "\""
  }
}

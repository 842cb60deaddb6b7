import ArgumentParser
import Foundation
import OncoData
import OncoFace
import OncoImage

/// `oncoface faces`: average faces and landmark (adiposity) measures per group of a prepared folder.
struct FacesCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "faces",
    abstract: "Average faces and landmark (adiposity) measures per group.",
    discussion: """
      Reads a prepared folder (chips/<id>.png, landmarks.csv, prepared.csv, as `oncoface \
      prepare` and `oncoface demo` write them) and groups its faces by the --by columns of \
      prepared.csv. Per group: the mean landmark shape (generalised Procrustes), and the average \
      face (every chip warped piecewise-affinely onto the mean shape, then averaged). Per face: \
      fWHR, CJWR, PAR and LFW/FH from the 68 landmarks (see the README's Landmark measures). \
      Per group: mean and SD; every group against the reference group: Welch t, p and Cohen's d \
      with a 95% CI. Writes, in DIR: average-<group>.png, average-faces.png (side by side), \
      landmarks.csv (mean shapes), measures.csv (per face), group-comparison.csv and \
      group-comparison.txt (the printed table). Bad rows are listed on stderr and left out.

      Example:
        oncoface faces Prepared --out Faces --by label
      """
  )

  @Argument(help: ArgumentHelp("The prepared folder.", valueName: "INPUT"))
  var input: String

  @Option(help: ArgumentHelp("The folder to write into (created if needed).", valueName: "DIR"))
  var out: String

  @Option(
    help: ArgumentHelp(
      "prepared.csv columns that define the groups, comma-separated.",
      valueName: "COLUMNS"))
  var by: String = "label"

  @Option(
    help: ArgumentHelp(
      """
      The group the others are compared against (default: the first group with a value \
      "control", else the first group).
      """, valueName: "GROUP"))
  var reference: String?

  @Flag(help: "Average the masked chips (background black) instead of the chips.")
  var masked = false

  @Flag(help: "End with one JSON line (faces, groups, skipped, reference; d and p per measure).")
  var json = false

  var byColumns: [String] {
    by.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
  }

  func validate() throws {
    guard !byColumns.isEmpty else { throw ValidationError("--by needs at least one column name.") }
  }

  func run() throws {
    let folder = URL(fileURLWithPath: input)
    let outFolder = URL(fileURLWithPath: out)
    var prepared = try PreparedFaces(folder: folder, by: byColumns, masked: masked)
    prepared.flushIssues()
    let names = prepared.groupNames
    guard !names.isEmpty else { throw FacesError.noUsableFaces(folder: folder.path) }
    let comparison = try GroupComparison(
      groups: names.map { name in (name, prepared.faces(in: name).map(\.measures)) },
      reference: reference)
    do {
      try FileManager.default.createDirectory(at: outFolder, withIntermediateDirectories: true)
    } catch {
      throw FacesError.unwritable(path: outFolder.path, reason: error.localizedDescription)
    }

    // Average faces, group by group, reference first.
    let ordered = comparison.groups.map(\.name)
    let bar = ProgressBar(label: "faces", total: prepared.faces.count, unit: "faces")
    var panels: [AverageFaceSheet.Panel] = []
    var meanShapes: [(String, Int, [SIMD2<Double>])] = []
    var slugs = Set<String>()
    for name in ordered {
      let group = prepared.faces(in: name)
      let shapes = group.map(\.landmarks)
      let mean = try ProcrustesAlignment(shapes: shapes).meanInInputFrame
      meanShapes.append((name, group.count, mean))
      var average: AverageFace?
      for face in group {
        bar.advance(note: name)
        let problem: String
        do {
          let chip = try ImageDecoder.decode(contentsOf: face.chip.path)
          if average == nil {
            average = try AverageFace(meanShape: mean, width: chip.width, height: chip.height)
          }
          try average?.add(chip, landmarks: face.landmarks)
          continue
        } catch let error as ImageError {
          problem = error.description
        } catch let error as AverageFaceError {
          problem = "\(face.chip.path): \(error)"
        }
        prepared.report(
          "\(face.id): \(problem); left out of the average face (its measures are kept)")
      }
      guard let average, average.count > 0 else { continue }
      let file = outFolder.appendingPathComponent(
        "average-\(FacesCommand.slug(name, taken: &slugs)).png")
      try average.image.writePNG(to: file)
      panels.append((name, average.count, average.image))
    }
    bar.finish()
    if !panels.isEmpty {
      try AverageFaceSheet.render(panels).writePNG(
        to: outFolder.appendingPathComponent("average-faces.png"))
    }

    try writeLandmarks(meanShapes, to: outFolder.appendingPathComponent("landmarks.csv"))
    try writeMeasures(
      prepared, order: ordered, to: outFolder.appendingPathComponent("measures.csv"))
    var table = CSVWriter(header: GroupComparison.tableHeader)
    for row in comparison.tableRows { table.append(row) }
    try table.write(to: outFolder.appendingPathComponent("group-comparison.csv"))
    let text = prepared.summary + "\n\n" + comparison.report
    do {
      try Data(text.utf8).write(
        to: outFolder.appendingPathComponent("group-comparison.txt"),
        options: .atomic)
    } catch {
      throw FacesError.unwritable(path: outFolder.path, reason: error.localizedDescription)
    }

    prepared.flushIssues()
    print(text)
    print(
      "Wrote \(panels.count) average faces, average-faces.png, landmarks.csv, measures.csv and "
        + "group-comparison.csv/.txt to \(outFolder.path)")
    if json {
      var line = JSONLine()
      line["faces"] = .int(prepared.faces.count)
      line["groups"] = .int(names.count)
      line["skipped"] = .int(prepared.skipped)
      line["reference"] = .string(comparison.reference)
      if comparison.groups.count == 2 {
        for c in comparison.comparisons {
          line["\(c.measure.rawValue)_d"] = c.effect.map { .double($0.value) } ?? .null
          line["\(c.measure.rawValue)_p"] = c.test.map { .double($0.p) } ?? .null
        }
      }
      line.print()
    } else {
      fflush(nil)
    }
  }

  /// landmarks.csv: one mean shape per group, in chip pixels.
  private func writeLandmarks(_ shapes: [(String, Int, [SIMD2<Double>])], to url: URL) throws {
    var csv = CSVWriter(header: ["group", "faces"] + PreparedFolder.landmarksHeader.dropFirst())
    for (name, count, mean) in shapes {
      csv.append(
        [name, String(count)]
          + mean.flatMap { [FacesCommand.number($0.x), FacesCommand.number($0.y)] })
    }
    try csv.write(to: url)
  }

  /// measures.csv: one row per face, in group order.
  private func writeMeasures(_ prepared: PreparedFaces, order: [String], to url: URL) throws {
    var csv = CSVWriter(
      header: ["id", "group"] + prepared.byHeader
        + FaceMeasure.allCases.map(\.rawValue))
    for name in order {
      for face in prepared.faces(in: name) {
        csv.append(
          [face.id, name] + face.byValues
            + FaceMeasure.allCases.map { FacesCommand.number(face.measures[$0]) })
      }
    }
    try csv.write(to: url)
  }

  static func number(_ value: Double) -> String { value.isFinite ? "\(value)" : "" }

  /// A file-name-safe form of a group name, unique among `taken`.
  static func slug(_ name: String, taken: inout Set<String>) -> String {
    let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")
    var base = String(name.map { allowed.contains($0) ? $0 : "-" })
    if base.isEmpty || base.allSatisfy({ $0 == "." }) { base = "group" }
    var slug = base
    var n = 2
    while !taken.insert(slug).inserted {
      slug = "\(base)-\(n)"
      n += 1
    }
    return slug
  }

}

/// The usable faces of a prepared folder, grouped, with every problem found on the way.
///
/// A face is usable when prepared.csv says `ok`, its group columns have values, and landmarks.csv
/// has a well-formed row of 68 points from which the measures can be computed.
private struct PreparedFaces {
  struct Face {
    let id: String
    let group: String
    let byValues: [String]
    let landmarks: [SIMD2<Double>]
    let measures: LandmarkMeasures
    let chip: URL
  }

  let folder: URL
  /// The group columns as spelled in prepared.csv.
  let byHeader: [String]
  private(set) var faces: [Face] = []
  /// Rows of prepared.csv left out because of a problem (listed in `issues`).
  private(set) var skipped = 0
  /// Rows `prepare` could not align, per outcome.
  private(set) var notPrepared: [String: Int] = [:]
  private(set) var issues: [String] = []
  private var byGroup: [String: [Int]] = [:]

  init(folder: URL, by columns: [String], masked: Bool) throws {
    self.folder = folder
    let layout = PreparedFolder(folder)
    let preparedURL = layout.preparedFile
    let landmarksURL = layout.landmarksFile
    for url in [preparedURL, landmarksURL] where !FileManager.default.fileExists(atPath: url.path) {
      throw FacesError.notPrepared(folder: folder.path, missing: url.lastPathComponent)
    }
    let prepared = try CSVFile(contentsOf: preparedURL)
    let header = prepared.header.map { $0.trimmingCharacters(in: .whitespaces) }
    func column(_ name: String) -> Int? {
      header.firstIndex { $0.lowercased() == name.lowercased() }
    }
    guard let idColumn = column("id") else {
      throw FacesError.missingColumn(file: preparedURL.path, column: "id", columns: header)
    }
    let byIndices = try columns.map { name -> Int in
      guard let i = column(name) else {
        throw FacesError.missingColumn(file: preparedURL.path, column: name, columns: header)
      }
      return i
    }
    byHeader = byIndices.map { header[$0] }
    let outcomeColumn = column("outcome")
    let chipColumn = column("chip")
    let landmarks = try PreparedFaces.readLandmarks(landmarksURL, issues: &issues)

    for record in prepared.records {
      let where_ = "prepared.csv line \(record.line)"
      if let problem = record.problem {
        report("\(where_): \(problem)")
        skipped += 1
        continue
      }
      guard record.fields.count == header.count else {
        report("\(where_): \(record.fields.count) fields, the header has \(header.count)")
        skipped += 1
        continue
      }
      let f = record.fields
      if let o = outcomeColumn, f[o] != "ok" {
        notPrepared[f[o].isEmpty ? "no outcome" : f[o], default: 0] += 1
        continue
      }
      let id = f[idColumn]
      let values = byIndices.map { f[$0].trimmingCharacters(in: .whitespaces) }
      if let empty = values.firstIndex(where: \.isEmpty) {
        report("\(where_) (\(id)): no value in column \(byHeader[empty]); left out")
        skipped += 1
        continue
      }
      guard let points = landmarks[id] else {
        report("\(where_) (\(id)): no usable row in landmarks.csv; left out")
        skipped += 1
        continue
      }
      let measures: LandmarkMeasures
      do {
        measures = try LandmarkMeasures(landmarks: points)
      } catch {
        report("\(where_) (\(id)): \(error); left out")
        skipped += 1
        continue
      }
      var chip = (masked ? layout.masked : layout.chips).appendingPathComponent(id + ".png")
      if !masked, let c = chipColumn, !f[c].isEmpty {
        chip =
          f[c].hasPrefix("/") ? URL(fileURLWithPath: f[c]) : folder.appendingPathComponent(f[c])
      }
      let group = values.joined(separator: "/")
      byGroup[group, default: []].append(faces.count)
      faces.append(
        Face(
          id: id, group: group, byValues: values, landmarks: points,
          measures: measures, chip: chip))
    }
  }

  /// The group names, sorted.
  var groupNames: [String] { byGroup.keys.sorted() }

  func faces(in group: String) -> [Face] { (byGroup[group] ?? []).map { faces[$0] } }

  /// One line on what was read and what was left out.
  var summary: String {
    var text =
      "\(faces.count) faces in \(byGroup.count) groups ("
      + groupNames.map { "\($0): \(byGroup[$0]!.count)" }.joined(separator: ", ") + ")"
    if skipped > 0 {
      text += "; \(skipped) row\(skipped == 1 ? "" : "s") left out (listed on stderr)"
    }
    if !notPrepared.isEmpty {
      let n = notPrepared.values.reduce(0, +)
      text +=
        "; \(n) photo\(n == 1 ? "" : "s") not aligned by prepare ("
        + notPrepared.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }
        .joined(separator: ", ") + ")"
    }
    return text
  }

  mutating func report(_ issue: String) { issues.append(issue) }

  /// Writes the issues to stderr (after the progress bar).
  mutating func flushIssues() {
    guard !issues.isEmpty else { return }
    let path = folder.path
    FileHandle.standardError.write(Data(issues.map { "\(path): \($0)\n" }.joined().utf8))
    issues = []
  }

  /// landmarks.csv as id → 68 points; malformed rows go to `issues`.
  static func readLandmarks(_ url: URL, issues: inout [String]) throws -> [String: [SIMD2<Double>]]
  {
    let csv = try CSVFile(contentsOf: url)
    let header = csv.header.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
    let indices = try PreparedFolder.landmarksHeader.map { name -> Int in
      guard let i = header.firstIndex(of: name) else {
        throw FacesError.missingColumn(file: url.path, column: name, columns: csv.header)
      }
      return i
    }
    var result: [String: [SIMD2<Double>]] = [:]
    for record in csv.records {
      let where_ = "landmarks.csv line \(record.line)"
      if let problem = record.problem {
        issues.append("\(where_): \(problem)")
        continue
      }
      guard record.fields.count == header.count else {
        issues.append("\(where_): \(record.fields.count) fields, the header has \(header.count)")
        continue
      }
      let id = record.fields[indices[0]]
      let values = indices.dropFirst().map {
        Double(record.fields[$0].trimmingCharacters(in: .whitespaces))
      }
      guard values.allSatisfy({ $0 != nil && $0!.isFinite }) else {
        issues.append("\(where_) (\(id)): a coordinate is not a number")
        continue
      }
      guard result[id] == nil else {
        issues.append("\(where_) (\(id)): a second row for this id; the first is used")
        continue
      }
      result[id] = (0..<68).map { SIMD2(values[2 * $0]!, values[2 * $0 + 1]!) }
    }
    return result
  }
}

/// Why `oncoface faces` cannot run at all (per-face problems are reported and skipped instead).
enum FacesError: Error, CustomStringConvertible {
  case notPrepared(folder: String, missing: String)
  case missingColumn(file: String, column: String, columns: [String])
  case noUsableFaces(folder: String)
  case unwritable(path: String, reason: String)

  var description: String {
    switch self {
    case .notPrepared(let folder, let missing):
      return "\(folder) has no \(missing): it is not a prepared folder; make one with "
        + "`oncoface prepare PHOTOS --out \(folder)` (or `oncoface demo --out \(folder)`)."
    case .missingColumn(let file, let column, let columns):
      let shown = columns.prefix(12).joined(separator: ", ") + (columns.count > 12 ? ", …" : "")
      return "\(file) has no column \"\(column)\" (its columns: \(shown)); pick group columns "
        + "with --by, e.g. --by label,sex."
    case .noUsableFaces(let folder):
      return "\(folder): no usable faces (every row was left out; see the list above)."
    case .unwritable(let path, let reason):
      return "cannot write to \(path) (\(reason)); check the folder and the disk space."
    }
  }
}

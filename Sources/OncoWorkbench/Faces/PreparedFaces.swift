import Foundation
import OncoData
import OncoFace

/// The usable faces of a prepared folder, grouped, with every problem found on the way.
///
/// A face is usable when prepared.csv says `ok`, its group columns have values, and landmarks.csv
/// has a well-formed row of 68 points from which the measures can be computed.
struct PreparedFaces {
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

  /// The problems found since the last call, each prefixed with the folder's path.
  mutating func takeIssues() -> [String] {
    defer { issues = [] }
    return issues.map { "\(folder.path): \($0)" }
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

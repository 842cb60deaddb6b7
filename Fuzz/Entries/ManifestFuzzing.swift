import Foundation
import OncoData

/// Manifest CSV: `CSVFile(data:name:)`, then `Manifest(csv:source:options:)` without touching the
/// disk.
///
/// Promises: header and records stay within `CSVFile.maxColumns`; every well-formed record written
/// back with `CSVWriter` reads back with the same fields; every record is either a kept row or
/// reported as an issue, never both and never lost.
enum ManifestFuzzing {
  static let file = "/fuzz/manifest.csv"

  static func run(_ data: Data) -> FuzzOutcome {
    let csv: CSVFile
    do { csv = try CSVFile(data: data, name: file) } catch {
      return .rejection(error, as: CSVError.self, naming: file)
    }
    guard csv.header.count <= CSVFile.maxColumns,
      csv.records.allSatisfy({ $0.fields.count <= CSVFile.maxColumns })
    else { return .broken("a record has more than \(CSVFile.maxColumns) fields") }
    if let broken = roundTrip(csv) { return broken }

    let manifest: Manifest
    do {
      manifest = try Manifest(
        csv: csv, source: URL(fileURLWithPath: file), options: ManifestOptions(checkFiles: false))
    } catch {
      return .rejection(error, as: ManifestError.self, naming: file)
    }
    let kept = Set(manifest.rows.map(\.line)), reported = Set(manifest.issues.map(\.line))
    guard kept.isDisjoint(with: reported) else {
      return .broken("a line is both kept and reported")
    }
    guard kept.union(reported) == Set(csv.records.map(\.line)), kept.count == manifest.rows.count
    else { return .broken("rows kept \(kept.count) + reported \(reported.count) ≠ records") }
    _ = manifest.summary.description
    return .accepted
  }

  /// Writes the header and the well-formed records of matching width, reads them back, compares.
  private static func roundTrip(_ csv: CSVFile) -> FuzzOutcome? {
    var writer = CSVWriter(header: csv.header)
    let records = csv.records.filter { $0.problem == nil && $0.fields.count == csv.header.count }
    for record in records { writer.append(record.fields) }
    guard let again = try? CSVFile(data: Data(writer.text.utf8), name: file) else {
      return .broken("CSVWriter's output does not read back")
    }
    guard again.header == csv.header else {
      return .broken("header \(csv.header) reads back as \(again.header)")
    }
    guard again.records.map(\.fields) == records.map(\.fields),
      again.records.allSatisfy({ $0.problem == nil })
    else { return .broken("records change when written and read back") }
    return nil
  }
}

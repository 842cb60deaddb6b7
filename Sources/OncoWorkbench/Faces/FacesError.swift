import Foundation

/// Why averaging a prepared folder cannot run at all (per-face problems are reported and the
/// faces left out instead).
public enum FacesError: Error, CustomStringConvertible, Sendable {
  case notPrepared(folder: String, missing: String)
  case missingColumn(file: String, column: String, columns: [String])
  case noUsableFaces(folder: String)
  case unwritable(path: String, reason: String)

  public var description: String {
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

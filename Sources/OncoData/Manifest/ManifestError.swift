/// Why a manifest or folder data set cannot be read at all (bad rows are `ManifestIssue`s instead).
public enum ManifestError: Error, CustomStringConvertible, Equatable {
  case noPathColumn(file: String, columns: [String])
  case missingColumn(file: String, field: ManifestField, columns: [String])
  case unknownLabelColumn(file: String, name: String, columns: [String])
  case duplicateColumn(file: String, name: String)
  case notADataSet(path: String)

  public var description: String {
    switch self {
    case .noPathColumn(let file, let columns):
      return "\(file): no `path` (or `file`) column among \(ManifestError.list(columns)); "
        + "add one naming each image, relative to the manifest's folder."
    case .missingColumn(let file, let field, let columns):
      return "\(file): no `\(field)` column among \(ManifestError.list(columns)); "
        + "this step needs one (header `\(field.headerNames.joined(separator: "` or `"))`)."
    case .unknownLabelColumn(let file, let name, let columns):
      return "\(file): no column `\(name)` to use as the label; the columns are "
        + "\(ManifestError.list(columns)). Pass one of them with --label-column."
    case .duplicateColumn(let file, let name):
      return "\(file): the column `\(name)` appears twice in the header; rename or remove one."
    case .notADataSet(let path):
      return
        "\(path): neither a CSV manifest nor a folder with a manifest.csv or one sub-folder of "
        + "images per label."
    }
  }

  static func list(_ columns: [String]) -> String {
    columns.isEmpty ? "(none)" : columns.map { "`\($0)`" }.joined(separator: ", ")
  }
}

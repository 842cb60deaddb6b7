/// A column with a meaning to OncoFace; every other column is kept as it is.
public enum ManifestField: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
  /// The image file, relative to the manifest's folder (header `path` or `file`).
  case path
  /// The class (header `label` or `group`, or any column named by `ManifestOptions.labelColumn`).
  case label
  /// `M`/`F`, see `Sex`.
  case sex
  /// Age in years, a number from 0 to 150 (decimals allowed).
  case age
  /// A person id, to keep one person's photos in one split.
  case subject

  /// The header names that mean this field, matched ignoring case and surrounding spaces.
  public var headerNames: [String] {
    switch self {
    case .path: return ["path", "file"]
    case .label: return ["label", "group"]
    case .sex: return ["sex"]
    case .age: return ["age"]
    case .subject: return ["subject"]
    }
  }

  public var description: String { rawValue }
}

/// How a manifest is read.
public struct ManifestOptions: Sendable, Hashable {
  /// The column whose values are the labels (e.g. `"sex"` for a proxy task); nil uses `label` or
  /// `group` when present. Naming a column the file does not have is an error.
  public var labelColumn: String?
  /// Fields every kept row must have a value for; a row without one is reported as "missing value".
  /// A required field whose column is absent is an error for the whole file.
  public var required: Set<ManifestField>
  /// Whether each path must name an existing file (rows whose file is missing are reported).
  public var checkFiles: Bool

  public init(
    labelColumn: String? = nil, required: Set<ManifestField> = [], checkFiles: Bool = true
  ) {
    self.labelColumn = labelColumn
    self.required = required
    self.checkFiles = checkFiles
  }
}

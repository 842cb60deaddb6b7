import Foundation

/// One image of a data set: its file, label, sex, age, subject and every other column of its row.
public struct ManifestRow: Sendable, Hashable {
  /// Where the row starts in the manifest (1-based, the header is line 1); for a folder data set, the
  /// image's 1-based position in the listing.
  public var line: Int
  /// The path as written in the manifest (trimmed).
  public var path: String
  /// The image file: `path` resolved against the manifest's folder (absolute paths kept).
  public var url: URL
  /// The label column's value; nil when there is no label column or the cell is empty. When the label
  /// column is `sex`, the normalised `M`/`F`.
  public var label: String?
  public var sex: Sex?
  /// Age in years.
  public var age: Double?
  public var subject: String?
  /// The manifest's columns (shared by all rows) and this row's values, in file order.
  public var columns: [String]
  public var values: [String]

  public init(
    line: Int, path: String, url: URL, label: String? = nil, sex: Sex? = nil,
    age: Double? = nil, subject: String? = nil, columns: [String] = [],
    values: [String] = []
  ) {
    self.line = line
    self.path = path
    self.url = url
    self.label = label
    self.sex = sex
    self.age = age
    self.subject = subject
    self.columns = columns
    self.values = values
  }

  /// The raw value of `column` (matched exactly, then ignoring case and spaces); nil when the manifest
  /// has no such column.
  public subscript(column: String) -> String? {
    guard let i = Manifest.columnIndex(column, in: columns) else { return nil }
    return values[i]
  }
}

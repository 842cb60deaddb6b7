/// A row of a manifest that was left out, with its line number and why.
public struct ManifestIssue: Sendable, Hashable, CustomStringConvertible {
  /// Why a row was left out.
  public enum Reason: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case badQuoting = "unparsable quoting"
    case wrongFieldCount = "wrong field count"
    case fieldTooLarge = "field too large"
    case emptyPath = "empty path"
    case missingFile = "missing file"
    case duplicatePath = "duplicate path"
    case unknownSex = "unknown sex"
    case badAge = "age not a number"
    case missingValue = "missing value"

    public var description: String { rawValue }
  }

  /// The 1-based line where the row starts (the header is line 1).
  public var line: Int
  public var reason: Reason
  /// The specifics, e.g. `"images/a.jpg" does not exist`.
  public var detail: String

  public init(line: Int, reason: Reason, detail: String) {
    self.line = line
    self.reason = reason
    self.detail = detail
  }

  /// `line 12: missing file: "images/a.jpg" does not exist`.
  public var description: String { "line \(line): \(reason): \(detail)" }
}

/// One record of a CSV file: its fields, the line it starts on, and what is wrong with it, if anything.
public struct CSVRecord: Sendable, Equatable {
  /// What can be wrong with a single record; the rest of the file is still read.
  public enum Problem: Sendable, Equatable, CustomStringConvertible {
    /// Quotes that RFC 4180 does not allow (a quote inside an unquoted field, text after a closing
    /// quote, a quoted field that never closes).
    case quoting(String)
    /// A field longer than `CSVFile.maxFieldBytes`.
    case fieldTooLarge(field: Int)
    /// More than `CSVFile.maxColumns` fields.
    case tooManyFields

    public var description: String {
      switch self {
      case .quoting(let detail): return detail
      case .fieldTooLarge(let field):
        return "field \(field) is longer than \(CSVFile.maxFieldBytes / (1 << 20)) MB"
      case .tooManyFields: return "more than \(CSVFile.maxColumns) fields"
      }
    }
  }

  /// The 1-based line of the file where the record starts (the header is line 1).
  public var line: Int
  /// The fields, unquoted. A record with `problem` may have fewer fields than it should.
  public var fields: [String]
  /// Nil for a well-formed record.
  public var problem: Problem?

  public init(line: Int, fields: [String], problem: Problem? = nil) {
    self.line = line
    self.fields = fields
    self.problem = problem
  }
}

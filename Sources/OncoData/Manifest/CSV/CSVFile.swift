import Foundation

/// A CSV file read as RFC 4180 says: a header record, then data records with their line numbers.
///
/// Accepts UTF-8 with or without a byte-order mark, LF, CRLF or CR line ends, quoted fields with
/// doubled quotes, embedded commas and line breaks. Blank lines are skipped. A malformed record is kept
/// with a `problem` and never stops the rest of the file: when its quoting is broken and it spans
/// several lines, it is cut back to its first line and reading resumes on the next one, so a stray
/// quote costs one row, not the rest of the file. Guards against hostile input: a field longer than
/// 1 MB or a record with more than 10,000 fields is reported (and not kept) instead of filling memory.
///
///     let csv = try CSVFile(contentsOf: URL(fileURLWithPath: "manifest.csv"))
///     for record in csv.records where record.problem == nil { print(record.line, record.fields) }
public struct CSVFile: Sendable {
  /// The longest field kept (1 MB).
  public static let maxFieldBytes = 1 << 20
  /// The most fields a record may have.
  public static let maxColumns = 10_000

  /// The header record's fields (whitespace around each name is kept; callers trim as they see fit).
  public var header: [String]
  /// The data records in file order, blank lines left out.
  public var records: [CSVRecord]

  /// Reads and parses `url`.
  public init(contentsOf url: URL) throws {
    let data: Data
    do {
      data = try Data(contentsOf: url)
    } catch {
      throw CSVError.cannotRead(file: url.path, reason: CSVFile.reason(error))
    }
    try self.init(data: data, name: url.path)
  }

  /// Parses `data`; `name` is used in error messages.
  public init(data: Data, name: String) throws {
    var bytes = [UInt8](data)
    if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
      throw CSVError.utf16(file: name)
    }
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
    var parser = CSVParser(bytes: bytes)
    guard let first = parser.nextRecord() else { throw CSVError.empty(file: name) }
    if let problem = first.problem {
      throw CSVError.badHeader(file: name, problem: problem.description)
    }
    header = first.fields
    records = []
    while let record = parser.nextRecord() { records.append(record) }
  }

  static func reason(_ error: Error) -> String {
    let ns = error as NSError
    if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError,
      underlying.domain == NSPOSIXErrorDomain,
      let code = POSIXErrorCode(rawValue: Int32(underlying.code))
    {
      return String(cString: strerror(code.rawValue))
    }
    return ns.localizedDescription
  }
}

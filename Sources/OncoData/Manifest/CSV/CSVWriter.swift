import Foundation
import OncoImage

/// Builds a CSV file row by row and writes it atomically (temporary file in the same folder + rename).
///
/// Fields are quoted as RFC 4180 says (only when they hold a comma, a quote or a line break; quotes are
/// doubled). Lines end in LF rather than RFC 4180's CRLF: every CSV reader takes both, and LF suits the
/// Unix tools a researcher pipes these files through. `CSVFile` reads back exactly what was written.
///
///     var csv = CSVWriter(header: ["path", "label", "probability"])
///     csv.append(["faces/a.jpg", "case", "0.93"])
///     try csv.write(to: session.appendingPathComponent("predictions.csv"))
public struct CSVWriter: Sendable {
  /// The column names, in order.
  public let header: [String]
  /// The encoded text so far, header line included.
  public private(set) var text: String
  /// The number of data rows appended.
  public private(set) var rowCount = 0

  public init(header: [String]) {
    precondition(!header.isEmpty, "a CSV file needs at least one column")
    self.header = header
    text = CSVWriter.line(header)
  }

  /// Appends one row; it must have one field per header column.
  public mutating func append(_ fields: [String]) {
    precondition(
      fields.count == header.count,
      "CSV row has \(fields.count) fields, the header \(header.count)")
    text += CSVWriter.line(fields)
    rowCount += 1
  }

  /// Writes the file atomically: a reader sees the old file or the whole new one, never a torn one.
  public func write(to url: URL) throws {
    do {
      try AtomicWrite.write(Data(text.utf8), to: url)
    } catch {
      throw CSVError.cannotWrite(file: url.path, reason: CSVFile.reason(error))
    }
  }

  /// One encoded line, LF included.
  public static func line(_ fields: [String]) -> String {
    if fields.count == 1, fields[0].allSatisfy({ $0 == " " || $0 == "\t" }) {
      return "\"" + fields[0] + "\"\n"  // unquoted, it would read back as a blank line
    }
    return fields.map(escape).joined(separator: ",") + "\n"
  }

  /// `field` as it appears in a CSV file: quoted (quotes doubled) when it holds `,` `"` CR or LF
  /// or starts with U+FEFF (which would read as a byte-order mark at the start of a file);
  /// unchanged otherwise.
  public static func escape(_ field: String) -> String {
    let needsQuotes =
      field.utf8.contains {
        $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\n")
          || $0 == UInt8(ascii: "\r")
      } || field.utf8.starts(with: [0xEF, 0xBB, 0xBF])
    guard needsQuotes else { return field }
    // Byte by byte: a quote followed by a combining mark is one Character, which a
    // Character-level replace would not double.
    var bytes: [UInt8] = [quote]
    for byte in field.utf8 {
      bytes.append(byte)
      if byte == quote { bytes.append(quote) }
    }
    bytes.append(quote)
    return String(decoding: bytes, as: UTF8.self)
  }

  private static let quote = UInt8(ascii: "\"")
}

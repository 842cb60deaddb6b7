/// The byte-level RFC 4180 tokenizer behind `CSVFile`: one record per call, never throwing.
struct CSVParser {
  private let bytes: [UInt8]
  private var index = 0
  private var line = 1

  private static let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","),
    lf = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")

  init(bytes: [UInt8]) {
    self.bytes = bytes
  }

  /// The next non-blank record, or nil at the end of the input.
  mutating func nextRecord() -> CSVRecord? {
    while index < bytes.count {
      let (record, blank) = parseRecord()
      if !blank { return record }
    }
    return nil
  }

  /// One record, and whether it was a blank line (nothing but spaces or tabs, no quotes).
  private mutating func parseRecord() -> (CSVRecord, blank: Bool) {
    let startIndex = index
    let startLine = line
    var fields: [String] = []
    var field: [UInt8] = []
    var problem: CSVRecord.Problem?
    var brokenQuoting = false
    var endLine = startLine
    var sawQuote = false
    func note(_ p: CSVRecord.Problem) { if problem == nil { problem = p } }

    fieldLoop: while true {
      field.removeAll(keepingCapacity: true)
      var tooLarge = false
      func append(_ byte: UInt8) {
        if field.count < CSVFile.maxFieldBytes { field.append(byte) } else { tooLarge = true }
      }
      let number = fields.count + 1
      if index < bytes.count, bytes[index] == Self.quote {
        sawQuote = true
        index += 1
        var closed = false
        while index < bytes.count {
          let c = bytes[index]
          if c == Self.quote {
            if index + 1 < bytes.count, bytes[index + 1] == Self.quote {
              append(c)
              index += 2
              continue
            }
            index += 1
            closed = true
            break
          }
          countLineBreak(at: index)
          append(c)
          index += 1
        }
        if !closed {
          note(.quoting("quoted field \(number) never closes"))
          brokenQuoting = true
        } else if index < bytes.count, !isDelimiter(bytes[index]) {
          note(.quoting("text after the closing quote of field \(number)"))
          brokenQuoting = true
          while index < bytes.count, !isDelimiter(bytes[index]) { index += 1 }
        }
      } else {
        while index < bytes.count, !isDelimiter(bytes[index]) {
          if bytes[index] == Self.quote {
            note(
              .quoting(
                "a quote inside unquoted field \(number) (quote the field and double the quote)"))
          }
          append(bytes[index])
          index += 1
        }
      }
      if tooLarge { note(.fieldTooLarge(field: number)) }
      if fields.count < CSVFile.maxColumns {
        fields.append(tooLarge ? "" : String(decoding: field, as: UTF8.self))
      } else {
        note(.tooManyFields)
      }
      endLine = line
      guard index < bytes.count else { break fieldLoop }
      if bytes[index] == Self.comma {
        index += 1
        continue
      }
      consumeLineBreak()
      break
    }

    if brokenQuoting, endLine > startLine {
      // Broken quotes swallowed later lines: keep only the first line as the bad record.
      index = startIndex
      line = startLine
      while index < bytes.count, bytes[index] != Self.lf, bytes[index] != Self.cr { index += 1 }
      consumeLineBreak()
    }
    let blank =
      !sawQuote && problem == nil && fields.count == 1
      && fields[0].allSatisfy { $0 == " " || $0 == "\t" }
    return (CSVRecord(line: startLine, fields: fields, problem: problem), blank)
  }

  private func isDelimiter(_ byte: UInt8) -> Bool {
    byte == Self.comma || byte == Self.lf || byte == Self.cr
  }

  /// Counts a line break inside a quoted field (CRLF counts once, at its LF).
  private mutating func countLineBreak(at i: Int) {
    if bytes[i] == Self.lf
      || (bytes[i] == Self.cr && (i + 1 == bytes.count || bytes[i + 1] != Self.lf))
    {
      line += 1
    }
  }

  /// Steps over one LF, CRLF or CR.
  private mutating func consumeLineBreak() {
    guard index < bytes.count else { return }
    if bytes[index] == Self.cr, index + 1 < bytes.count, bytes[index + 1] == Self.lf { index += 1 }
    index += 1
    line += 1
  }
}

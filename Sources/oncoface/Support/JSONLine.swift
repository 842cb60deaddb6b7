import Foundation

/// One JSON object whose keys keep the order they were added in, printed as a single line.
///
/// The `--json` summary of every command is its last stdout line; keeping keys in a fixed order makes
/// those lines easy to read and to diff.
///
///     var line = JSONLine()
///     line["bench"] = "train"
///     line["images_per_second"] = 61.2
///     line.print()   // {"bench":"train","images_per_second":61.2}
struct JSONLine: CustomStringConvertible {
  /// A JSON value: what the summaries need, nothing more.
  enum Value {
    case string(String)
    case int(Int)
    case double(Double)
    case bool(Bool)
    case null
  }

  private var entries: [(String, Value)] = []

  subscript(key: String) -> Value? {
    get { entries.first { $0.0 == key }?.1 }
    set {
      let value = newValue ?? .null
      if let i = entries.firstIndex(where: { $0.0 == key }) {
        entries[i].1 = value
      } else {
        entries.append((key, value))
      }
    }
  }

  var description: String {
    "{" + entries.map { "\(JSONLine.quote($0.0)):\(JSONLine.render($0.1))" }.joined(separator: ",")
      + "}"
  }

  /// Writes the line to stdout and flushes, so a pipe sees it at once.
  func print() {
    Swift.print(description)
    fflush(nil)  // all output streams; `stdout` itself is not concurrency-safe to name in Swift 6
  }

  static func render(_ value: Value) -> String {
    switch value {
    case .string(let s): return quote(s)
    case .int(let i): return String(i)
    case .bool(let b): return b ? "true" : "false"
    case .null: return "null"
    case .double(let d):
      guard d.isFinite else { return "null" }
      if d == d.rounded(), abs(d) < 1e15 { return String(format: "%.1f", d) }
      return String(format: "%.6g", d)
    }
  }

  static func quote(_ s: String) -> String {
    var out = "\""
    for scalar in s.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
      default: out.unicodeScalars.append(scalar)
      }
    }
    return out + "\""
  }
}

extension JSONLine.Value: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral,
  ExpressibleByFloatLiteral, ExpressibleByBooleanLiteral
{
  init(stringLiteral value: String) { self = .string(value) }
  init(integerLiteral value: Int) { self = .int(value) }
  init(floatLiteral value: Double) { self = .double(value) }
  init(booleanLiteral value: Bool) { self = .bool(value) }
}

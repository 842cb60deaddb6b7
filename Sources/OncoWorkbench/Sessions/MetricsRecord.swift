import Foundation

/// One line of metrics.jsonl: an epoch or a test evaluation, told apart by the `kind` key.
public enum MetricsRecord: Sendable, Equatable {
  case epoch(EpochMetrics)
  case test(TestMetrics)

  /// The line as written to metrics.jsonl (no newline): keys sorted, so equal records give equal
  /// bytes.
  public func jsonLine() -> String {
    let data: Data
    switch self {
    case .epoch(let m): data = try! MetricsRecord.encoder.encode(Tagged(kind: "epoch", body: m))
    case .test(let m): data = try! MetricsRecord.encoder.encode(Tagged(kind: "test", body: m))
    }
    return String(decoding: data, as: UTF8.self)
  }

  /// Parses one line; nil when it is not a whole, valid record (a torn line, garbage).
  public init?(jsonLine line: Substring) {
    guard let data = line.data(using: .utf8),
      let kind = try? MetricsRecord.decoder.decode(Kind.self, from: data)
    else { return nil }
    switch kind.kind {
    case "epoch":
      guard let m = try? MetricsRecord.decoder.decode(EpochMetrics.self, from: data) else {
        return nil
      }
      self = .epoch(m)
    case "test":
      guard let m = try? MetricsRecord.decoder.decode(TestMetrics.self, from: data) else {
        return nil
      }
      self = .test(m)
    default:
      return nil
    }
  }

  private struct Kind: Decodable { var kind: String }

  /// Encodes `kind` beside the body's own keys, in one flat object.
  private struct Tagged<Body: Encodable>: Encodable {
    var kind: String
    var body: Body
    func encode(to encoder: Encoder) throws {
      try body.encode(to: encoder)
      var container = encoder.container(keyedBy: KindKey.self)
      try container.encode(kind, forKey: .kind)
    }
    enum KindKey: String, CodingKey { case kind }
  }

  static let encoder: JSONEncoder = {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    encoder.nonConformingFloatEncodingStrategy = .convertToString(
      positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    return encoder
  }()

  static let decoder: JSONDecoder = {
    let decoder = JSONDecoder()
    decoder.nonConformingFloatDecodingStrategy = .convertFromString(
      positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    return decoder
  }()
}

import Foundation

/// One session on disk, `Sessions/<yyyyMMdd-HHmmss>-<name>/`, and the files in it.
///
/// Reading is safe while another process writes the session: session.json and model.safetensors are
/// replaced atomically, metrics.jsonl and log.txt only grow by whole lines (see `MetricsLog`).
///
///     let session = SessionFolder(url: URL(fileURLWithPath: "Sessions/20261127-074012-demo"))
///     let record = try session.readRecord()
///     let metrics = try session.readMetrics()
public struct SessionFolder: Sendable, Hashable {
  public let url: URL

  public init(url: URL) {
    self.url = url.standardizedFileURL
  }

  /// The folder name, `<yyyyMMdd-HHmmss>-<name>`.
  public var id: String { url.lastPathComponent }

  /// session.json: configuration, status, progress (`SessionRecord`).
  public var recordFile: URL { file("session.json") }
  /// cohort.csv: every image used with its label, sex, age, split and preparation outcome.
  public var cohortFile: URL { file("cohort.csv") }
  /// metrics.jsonl: one `MetricsRecord` per line.
  public var metricsFile: URL { file("metrics.jsonl") }
  /// roc.csv: `set,fpr,tpr,threshold` for the best epoch on validation and the test set
  /// (`RocTable`).
  public var rocFile: URL { file("roc.csv") }
  /// predictions.csv: `path,label,probability,split,correct,id,chip` (`Prediction`).
  public var predictionsFile: URL { file("predictions.csv") }
  /// model.safetensors: best and last weights, optimizer state, resume metadata.
  public var modelFile: URL { file("model.safetensors") }
  /// log.txt: time-stamped events.
  public var logFile: URL { file("log.txt") }
  /// cam/: Grad-CAM images (written by `oncoface cam`).
  public var camFolder: URL { file("cam") }
  /// faces/: average faces and landmark measures (written by `oncoface faces`).
  public var facesFolder: URL { file("faces") }

  private func file(_ name: String) -> URL { url.appendingPathComponent(name) }

  /// Reads session.json.
  public func readRecord() throws(SessionError) -> SessionRecord {
    let data: Data
    do { data = try Data(contentsOf: recordFile) } catch {
      if !FileManager.default.fileExists(atPath: recordFile.path) {
        throw .notASession(path: url.path)
      }
      throw .file(.io(path: recordFile.path, operation: "read", reason: "\(error)"))
    }
    return try SessionFolder.decodeRecord(data, path: recordFile.path)
  }

  /// Replaces session.json atomically, stamping `updated`.
  public func writeRecord(_ record: SessionRecord, now: Date = Date()) throws(FileError) {
    var record = record
    record.updated = now
    try AtomicFile.write(SessionFolder.encodeRecord(record), to: recordFile)
  }

  /// Reads metrics.jsonl (empty when the run has not finished an epoch yet).
  public func readMetrics() throws(SessionError) -> MetricsLog {
    do { return try MetricsLog(contentsOf: metricsFile) } catch { throw .file(error) }
  }

  /// Replaces metrics.jsonl atomically with its epochs up to `lastEpoch` (and no test lines): used
  /// by resume, which continues from the last saved epoch and must not keep a later, unsaved one.
  public func truncateMetrics(afterEpoch lastEpoch: Int) throws(SessionError) {
    let log = try readMetrics()
    let lines = log.epochs.filter { $0.epoch <= lastEpoch }.map {
      MetricsRecord.epoch($0).jsonLine()
    }
    let text = lines.map { $0 + "\n" }.joined()
    do { try AtomicFile.write(Data(text.utf8), to: metricsFile) } catch { throw .file(error) }
  }

  static func encodeRecord(_ record: SessionRecord) -> Data {
    var data = try! recordEncoder.encode(record)
    data.append(UInt8(ascii: "\n"))
    return data
  }

  static func decodeRecord(_ data: Data, path: String) throws(SessionError) -> SessionRecord {
    struct Format: Decodable { var format: Int }
    guard let format = try? recordDecoder.decode(Format.self, from: data) else {
      throw .damaged(path: path, reason: "not a JSON object with a \"format\" number")
    }
    guard format.format <= SessionRecord.currentFormat else {
      throw .newerFormat(path: path, found: format.format, supported: SessionRecord.currentFormat)
    }
    do { return try recordDecoder.decode(SessionRecord.self, from: data) } catch {
      throw .damaged(path: path, reason: SessionFolder.describe(error))
    }
  }

  /// A decoding error in words: which key, what was wrong.
  static func describe(_ error: Error) -> String {
    guard let error = error as? DecodingError else { return "\(error)" }
    func at(_ path: [CodingKey]) -> String {
      path.isEmpty
        ? "top level"
        : path.map { $0.intValue.map(String.init) ?? $0.stringValue }
          .joined(separator: ".")
    }
    switch error {
    case .keyNotFound(let key, let context):
      return "missing \"\(key.stringValue)\" at \(at(context.codingPath))"
    case .typeMismatch(_, let context), .valueNotFound(_, let context),
      .dataCorrupted(let context):
      return "bad value at \(at(context.codingPath)): \(context.debugDescription)"
    @unknown default:
      return "\(error)"
    }
  }

  static let recordEncoder: JSONEncoder = {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    encoder.dateEncodingStrategy = .iso8601
    encoder.nonConformingFloatEncodingStrategy = .convertToString(
      positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    return encoder
  }()

  static let recordDecoder: JSONDecoder = {
    let decoder = JSONDecoder()
    decoder.dateDecodingStrategy = .iso8601
    decoder.nonConformingFloatDecodingStrategy = .convertFromString(
      positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    return decoder
  }()
}

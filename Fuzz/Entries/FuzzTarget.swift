import Foundation

/// The file readers OncoFace fuzzes, each a function from any bytes to how the reader answered.
///
/// Every case feeds the bytes to the public API a user's file meets (`CSVFile` and `Manifest`,
/// `ImageDecoder`, `SafeTensors`, `DlibModelFile`, `SessionFolder.readRecord`, `MetricsLog`) and
/// checks the promises the API documents: errors are typed and name the file, limits hold, what is
/// written reads back the same. `Fuzz/` links each case into a libFuzzer binary (`make fuzz`);
/// the regression test replays every file of Tests/Fixtures/fuzz/<rawValue>/ through `run(_:)`.
///
///     switch FuzzTarget.manifest.run(Data("path,label\na.png,case\n".utf8)) {
///     case .broken(let promise): fatalError(promise)   // the fuzzer reports it as a crash
///     case .accepted, .rejected: break
///     }
public enum FuzzTarget: String, CaseIterable, Sendable {
  case manifest
  case image
  case safetensors
  case dlibModel = "dlib-model"
  case sessionRecord = "session-json"
  case metricsLog = "metrics-jsonl"

  /// Runs the reader on `data`. A reader that crashes crashes here too: what a fuzzer finds.
  public func run(_ data: Data) -> FuzzOutcome {
    switch self {
    case .manifest: return ManifestFuzzing.run(data)
    case .image: return ImageFuzzing.run(data)
    case .safetensors: return SafeTensorsFuzzing.run(data)
    case .dlibModel: return DlibModelFuzzing.run(data)
    case .sessionRecord: return SessionRecordFuzzing.run(data)
    case .metricsLog: return MetricsLogFuzzing.run(data)
    }
  }

  /// libFuzzer's entry: runs the reader and traps when it broke a promise.
  public func fuzz(_ bytes: UnsafePointer<UInt8>?, _ count: Int) {
    let data = bytes.map { Data(bytes: $0, count: count) } ?? Data()
    if case .broken(let promise) = run(data) { fatalError("\(rawValue): \(promise)") }
  }
}

/// How a reader answered one input.
public enum FuzzOutcome: Sendable, Equatable {
  /// The input was read and every documented promise held.
  case accepted
  /// The reader refused the input with its typed error; the error's message.
  case rejected(String)
  /// The reader broke a documented promise (an untyped error, a message that does not name the
  /// file, a limit exceeded, a round trip that changed the data); what broke.
  case broken(String)

  /// `.rejected` when `error` is of the reader's error type `E` and its message names `file`,
  /// `.broken` otherwise.
  static func rejection<E: Error & CustomStringConvertible>(
    _ error: Error, as type: E.Type, naming file: String
  ) -> FuzzOutcome {
    guard let typed = error as? E else {
      return .broken("untyped error \(Swift.type(of: error)): \(error)")
    }
    let message = typed.description
    guard message.contains(file) else {
      return .broken("the message does not name \(file): \(message)")
    }
    return .rejected(message)
  }
}

import Foundation

/// The content of session.json: the run's configuration, its status and where it got to.
///
/// Rewritten atomically at every status change and after every finished epoch, so a reader in
/// another process always sees a whole, valid file. Dates are ISO 8601; keys are snake_case.
///
///     {"format":1,"name":"sex-proxy","status":"running","epochs_done":2,"best_epoch":2,
///      "best_val_auc":0.962,"config":{"model":"dlib-face","freeze":"backbone",…},…}
public struct SessionRecord: Codable, Sendable, Equatable {
  /// The version of this file layout; a reader refuses newer formats with a clear error.
  public static let currentFormat = 1

  public var format: Int
  /// The name given with --session (the folder is `<yyyyMMdd-HHmmss>-<name>`).
  public var name: String
  public var config: TrainingConfig
  public var status: SessionStatus
  /// Why the run failed or stopped, in words; nil while running or when finished.
  public var reason: String?
  public var created: Date
  public var updated: Date
  /// Epochs finished and saved in model.safetensors (resume starts at `epochsDone + 1`).
  public var epochsDone: Int
  /// The epoch with the highest validation AUC so far, and that AUC.
  public var bestEpoch: Int?
  public var bestValidationAUC: Double?
  /// Test-set AUC and accuracy of the best epoch's weights, once evaluated.
  public var testAUC: Double?
  public var testAccuracy: Double?
  /// Images per split, once the split is made.
  public var counts: SplitCounts?
  public var versions: SessionVersions
  /// The process writing the session, so that a reader can tell a live run from a killed one.
  public var writer: SessionWriter?

  public init(name: String, config: TrainingConfig, created: Date = Date()) {
    format = SessionRecord.currentFormat
    self.name = name
    self.config = config
    status = .running
    reason = nil
    self.created = created
    updated = created
    epochsDone = 0
    versions = SessionVersions.current
    writer = SessionWriter.current
  }

  enum CodingKeys: String, CodingKey {
    case format, name, config, status, reason, created, updated
    case epochsDone = "epochs_done"
    case bestEpoch = "best_epoch"
    case bestValidationAUC = "best_val_auc"
    case testAUC = "test_auc"
    case testAccuracy = "test_accuracy"
    case counts, versions, writer
  }
}

/// How many images each split holds.
public struct SplitCounts: Codable, Sendable, Equatable {
  public var train: Int
  public var validation: Int
  public var test: Int

  public init(train: Int, validation: Int, test: Int) {
    self.train = train
    self.validation = validation
    self.test = test
  }
}

/// Versions of what produced a session, for reproducing it later.
public struct SessionVersions: Codable, Sendable, Equatable {
  public var oncoface: String
  public var sessionFormat: Int
  public var system: String

  public static let current = SessionVersions(
    oncoface: OncoWorkbenchVersion.string, sessionFormat: SessionRecord.currentFormat,
    system: ProcessInfo.processInfo.operatingSystemVersionString)

  enum CodingKeys: String, CodingKey {
    case oncoface
    case sessionFormat = "session_format"
    case system
  }
}

/// The process and host writing a session.
public struct SessionWriter: Codable, Sendable, Equatable {
  public var pid: Int32
  public var host: String

  public static var current: SessionWriter {
    SessionWriter(pid: getpid(), host: ProcessInfo.processInfo.hostName)
  }

  /// False when the writer is known to be gone: same host and no process with that pid.
  /// A pid reused by an unrelated process reads as alive, which errs on the safe side.
  public var isAlive: Bool {
    guard host == ProcessInfo.processInfo.hostName else { return true }
    return kill(pid, 0) == 0 || errno == EPERM
  }
}

/// The version of OncoFace written into sessions.
public enum OncoWorkbenchVersion {
  public static let string = "0.1.0"
}

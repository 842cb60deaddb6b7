import Foundation
import OncoImage

/// Writes a session as a run goes, in the order that keeps it consistent after a crash at any
/// point.
///
/// An epoch is committed by the atomic rename of model.safetensors: its metrics line is appended
/// (and synced) first, then the checkpoint is written, then session.json. A kill before the
/// checkpoint leaves a metrics line for an epoch that was not saved; `reopen` (resume) drops it, so
/// the resumed run redoes that epoch and metrics.jsonl never holds an epoch twice.
final class SessionRecorder: @unchecked Sendable {
  let folder: SessionFolder
  private(set) var record: SessionRecord
  private let metrics: AppendingFile
  let log: SessionLog

  private init(folder: SessionFolder, record: SessionRecord) throws(SessionError) {
    self.folder = folder
    self.record = record
    do {
      metrics = try AppendingFile(url: folder.metricsFile)
      log = try SessionLog(url: folder.logFile)
    } catch { throw .file(error) }
  }

  /// Creates the session folder (failing before any training on a read-only or full disk).
  static func begin(
    store: SessionStore, name: String, config: TrainingConfig, requiredBytes: Int64
  ) throws(SessionError) -> SessionRecorder {
    let (folder, record) = try store.create(
      name: name, config: config, requiredBytes: requiredBytes)
    return try SessionRecorder(folder: folder, record: record)
  }

  /// Opens an existing session to continue it from the epoch `savedEpoch` that its checkpoint
  /// holds: later metrics lines are dropped and the status is `running` again, owned by this
  /// process.
  static func reopen(
    _ folder: SessionFolder, savedEpoch: Int, requiredBytes: Int64
  ) throws(SessionError) -> SessionRecorder {
    var record = try folder.readRecord()
    // First: a killed run's half-written checkpoint may be what fills the disk.
    AtomicWrite.removeLeftovers(in: folder.url)
    if requiredBytes > 0, let available = AtomicFile.availableBytes(at: folder.url),
      available < requiredBytes
    {
      throw .file(.diskFull(path: folder.url.path, needed: requiredBytes, available: available))
    }
    try folder.truncateMetrics(afterEpoch: savedEpoch)
    let best = try folder.readMetrics().bestEpoch
    record.status = .running
    record.reason = nil
    record.writer = SessionWriter.current
    record.epochsDone = savedEpoch
    record.bestEpoch = best?.epoch
    record.bestValidationAUC = best?.validationAUC
    record.testAUC = nil
    record.testAccuracy = nil
    do { try folder.writeRecord(record) } catch { throw .file(error) }
    return try SessionRecorder(folder: folder, record: record)
  }

  /// Records the split sizes in session.json.
  func recordCounts(_ counts: SplitCounts) throws(FileError) {
    record.counts = counts
    try folder.writeRecord(record)
  }

  /// Commits a finished epoch: metrics line, then `saveCheckpoint` (the commit point), then
  /// session.json. `metrics.isBest` decides whether the best epoch moves.
  func commitEpoch(_ metrics: EpochMetrics, saveCheckpoint: () throws -> Void) throws {
    let length = try self.metrics.append(line: MetricsRecord.epoch(metrics).jsonLine())
    do { try saveCheckpoint() } catch {
      self.metrics.cut(to: length)  // not saved (a full disk): a failed session stays consistent
      throw error
    }
    record.epochsDone = metrics.epoch
    if metrics.isBest {
      record.bestEpoch = metrics.epoch
      record.bestValidationAUC = metrics.validationAUC
    }
    try folder.writeRecord(record)
  }

  /// Appends the test evaluation and records its AUC and accuracy.
  func commitTest(_ test: TestMetrics) throws(FileError) {
    try metrics.append(line: MetricsRecord.test(test).jsonLine())
    record.testAUC = test.auc
    record.testAccuracy = test.accuracy
    try folder.writeRecord(record)
  }

  /// Records the final status (`finished`, or `stopped` with the reason).
  func close(status: SessionStatus, reason: String? = nil) throws(FileError) {
    record.status = status
    record.reason = reason
    try folder.writeRecord(record)
  }
}

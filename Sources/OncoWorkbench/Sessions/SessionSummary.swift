import Foundation
import OncoNN

/// One row of the session list (`oncoface sessions`, the TUI's Sessions screen), read from
/// session.json.
public struct SessionSummary: Sendable, Equatable, Identifiable {
  public var folder: SessionFolder
  /// The folder name, `<yyyyMMdd-HHmmss>-<name>`.
  public var id: String { folder.id }
  public var name: String
  public var created: Date
  public var updated: Date
  public var status: SessionStatus
  /// Status `running` but the writing process is gone (killed): `oncoface resume` continues it.
  public var isInterrupted: Bool
  public var reason: String?
  public var model: ModelKind
  public var freeze: FreezeMode
  public var epochsDone: Int
  public var epochsPlanned: Int
  public var bestEpoch: Int?
  public var bestValidationAUC: Double?
  public var testAUC: Double?
  public var testAccuracy: Double?

  public init(folder: SessionFolder, record: SessionRecord) {
    self.folder = folder
    name = record.name
    created = record.created
    updated = record.updated
    status = record.status
    isInterrupted = record.status == .running && !(record.writer?.isAlive ?? false)
    reason = record.reason
    model = record.config.model
    freeze = record.config.freeze
    epochsDone = record.epochsDone
    epochsPlanned = record.config.epochs
    bestEpoch = record.bestEpoch
    bestValidationAUC = record.bestValidationAUC
    testAUC = record.testAUC
    testAccuracy = record.testAccuracy
  }

  /// The status as a user should read it: `interrupted` for a killed run, else the recorded status.
  public var displayStatus: String { isInterrupted ? "interrupted" : status.rawValue }
}

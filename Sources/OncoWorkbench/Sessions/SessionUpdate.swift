/// What changed in a followed session since the previous update (see `SessionFollower`).
///
/// A consumer appends `epochs`, `tests` and `logLines` to what it has, except when `restarted` is
/// set: then the metrics file was rewritten (a resume dropped an unsaved epoch) and
/// `epochs`/`tests` hold the whole file, to replace what the consumer had.
public struct SessionUpdate: Sendable, Equatable {
  /// The new session.json, when it changed (status, epochs done, best AUC…).
  public var record: SessionRecord?
  public var restarted = false
  public var epochs: [EpochMetrics] = []
  public var tests: [TestMetrics] = []
  /// New log.txt lines, as written (time stamp first).
  public var logLines: [String] = []

  public init() {}

  /// True when nothing changed.
  public var isEmpty: Bool {
    record == nil && !restarted && epochs.isEmpty && tests.isEmpty && logLines.isEmpty
  }
}

/// Where a session's run stands, as recorded in session.json.
///
/// A process killed with SIGKILL cannot record anything, so its session stays `running`;
/// `SessionSummary.isInterrupted` tells such a session from a live one.
public enum SessionStatus: String, Codable, Sendable, CaseIterable {
  /// A process is (or was, until it was killed) training it.
  case running
  /// Stopped on request (Ctrl-C, the TUI's stop key, `TrainingJob.cancel()`); `oncoface resume`
  /// continues.
  case stopped
  /// All epochs run (or stopped early on patience) and the test set evaluated.
  case finished
  /// Ended by an error; `SessionRecord.reason` says which.
  case failed
}

import Foundation

/// log.txt: what happened during a run, one time-stamped line per event, synced as it is written.
///
///     2026-11-27 07:41:02 epoch 3 val AUC 0.962 (best) · checkpoint saved
public final class SessionLog: Sendable {
  private let file: AppendingFile

  public init(url: URL) throws(FileError) {
    file = try AppendingFile(url: url)
  }

  /// Appends `text` (each of its lines) with the time `date`; returns the lines as written.
  @discardableResult
  public func write(_ text: String, at date: Date = Date()) throws(FileError) -> [String] {
    let stamp = LocalTime.logStamp(date)
    var written: [String] = []
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
      let entry = stamp + " " + line
      try file.append(line: entry)
      written.append(entry)
    }
    return written
  }
}

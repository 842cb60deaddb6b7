import Foundation
import OncoWorkbench

/// session.json: `SessionFolder.readRecord()` on a folder holding the bytes, as `oncoface
/// sessions`, `resume` and the TUI read it.
///
/// Promises: errors are `SessionError` naming the file; a record that reads is summarised and
/// written back (`writeRecord`) to a file that reads back and writes the same bytes again.
enum SessionRecordFuzzing {
  /// Two session folders in a private temporary folder, made once per process.
  private static let folders: (input: SessionFolder, copy: SessionFolder) = {
    let base = FileManager.default.temporaryDirectory
      .appendingPathComponent("oncoface-fuzz-\(getpid())-\(UUID().uuidString.prefix(8))")
    let input = base.appendingPathComponent("input"), copy = base.appendingPathComponent("copy")
    for url in [input, copy] {
      try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    return (SessionFolder(url: input), SessionFolder(url: copy))
  }()

  static func run(_ data: Data) -> FuzzOutcome {
    let (input, copy) = folders
    let file = input.recordFile.path
    do { try data.write(to: input.recordFile) } catch {
      return .broken("cannot write the input to \(file): \(error)")
    }
    let record: SessionRecord
    do { record = try input.readRecord() } catch {
      return .rejection(error, as: SessionError.self, naming: file)
    }
    _ = SessionSummary(folder: input, record: record).displayStatus
    do {
      try copy.writeRecord(record, now: record.updated)
      let first = try Data(contentsOf: copy.recordFile)
      let again = try copy.readRecord()
      try copy.writeRecord(again, now: again.updated)
      guard try Data(contentsOf: copy.recordFile) == first else {
        return .broken("session.json changes when read and written again")
      }
    } catch {
      return .broken("a record that read cannot be written and read back: \(error)")
    }
    return .accepted
  }
}

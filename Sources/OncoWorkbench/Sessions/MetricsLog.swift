import Foundation

/// The records of a metrics.jsonl file, read tolerantly.
///
/// A writer in another process may be in the middle of appending, and a crash may have torn the
/// last line: bytes after the last newline are not a finished record and are left for a later read.
/// A whole line that does not parse (a damaged file) is skipped and its line number kept in
/// `skippedLines`.
///
///     let log = try MetricsLog(contentsOf: folder.metrics)
///     for epoch in log.epochs { print(epoch.epoch, epoch.validationAUC) }
public struct MetricsLog: Sendable, Equatable {
  public var epochs: [EpochMetrics] = []
  public var tests: [TestMetrics] = []
  /// One-based numbers of whole lines that were not valid records.
  public var skippedLines: [Int] = []
  /// Bytes of the file consumed: everything up to and including the last newline.
  public var consumedBytes = 0
  /// Whole lines consumed (blank ones included), for numbering the lines of the next chunk.
  public var consumedLines = 0

  public init() {}

  /// Reads the file at `url`; a missing file reads as an empty log.
  public init(contentsOf url: URL) throws(FileError) {
    let data: Data
    do { data = try Data(contentsOf: url) } catch {
      if !FileManager.default.fileExists(atPath: url.path) { return }
      throw FileError.io(path: url.path, operation: "read", reason: "\(error)")
    }
    append(parsing: data)
  }

  /// Adds the whole lines of `data` (the bytes that follow `consumedBytes` in the file) to the log
  /// and returns the records added, in file order.
  @discardableResult
  public mutating func append(parsing data: Data) -> [MetricsRecord] {
    guard let end = data.lastIndex(of: UInt8(ascii: "\n")) else { return [] }
    let whole = data[data.startIndex...end]
    consumedBytes += whole.count
    var added: [MetricsRecord] = []
    var number = consumedLines
    for line in whole.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
      .dropLast()
    {
      number += 1
      if line.isEmpty { continue }
      guard let record = MetricsRecord(jsonLine: Substring(decoding: line, as: UTF8.self)) else {
        skippedLines.append(number)
        continue
      }
      switch record {
      case .epoch(let m): epochs.append(m)
      case .test(let m): tests.append(m)
      }
      added.append(record)
    }
    consumedLines = number
    return added
  }

  /// The best epoch as training chooses it (`EarlyStopping`: the highest validation AUC, a tie
  /// going to the lower validation loss).
  public var bestEpoch: EpochMetrics? {
    let stopping = EarlyStopping(patience: 1, replaying: epochs)
    return stopping.bestEpoch.flatMap { best in epochs.last { $0.epoch == best } }
  }
}

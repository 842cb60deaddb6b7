import Foundation
import OncoWorkbench

/// metrics.jsonl: `MetricsLog.append(parsing:)`, read whole and read in two chunks as a follower
/// reads a file that a training run is still appending to.
///
/// Promises: both ways give the same records, skipped lines and byte and line counts; every record
/// read writes back as a line that reads as the same record.
enum MetricsLogFuzzing {
  static func run(_ data: Data) -> FuzzOutcome {
    var whole = MetricsLog()
    let records = whole.append(parsing: data)
    // The split point comes from the content, so that the fuzzer explores it too.
    let cut = data.isEmpty ? 0 : Int(data[data.startIndex]) * data.count / 256
    var chunked = MetricsLog()
    var added = chunked.append(parsing: data.prefix(cut))
    added += chunked.append(parsing: data.dropFirst(chunked.consumedBytes))
    guard lines(added) == lines(records), chunked.skippedLines == whole.skippedLines,
      chunked.consumedBytes == whole.consumedBytes, chunked.consumedLines == whole.consumedLines
    else { return .broken("reading in two chunks (cut at \(cut)) differs from reading whole") }
    guard whole.consumedBytes <= data.count, whole.epochs.count + whole.tests.count == records.count
    else { return .broken("counts do not add up") }
    for record in records {
      let line = record.jsonLine()
      guard let again = MetricsRecord(jsonLine: Substring(line)), again.jsonLine() == line else {
        return .broken("a record does not read back from its own line: \(line)")
      }
    }
    _ = whole.bestEpoch
    return .accepted
  }

  private static func lines(_ records: [MetricsRecord]) -> [String] {
    records.map { $0.jsonLine() }
  }
}

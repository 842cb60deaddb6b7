import Foundation
import OncoTestSupport
import XCTest

@testable import OncoWorkbench

/// The low-level file guarantees the session format rests on: atomic replacement, whole-line
/// appends.
final class SessionFilesTests: XCTestCase {
  private var folder: URL!

  override func setUpWithError() throws { folder = try TestPaths.temporaryDirectory("files") }
  override func tearDown() { try? FileManager.default.removeItem(at: folder) }

  func testAtomicWriteReplacesTheFileAndLeavesNoTemporaryFile() throws {
    let url = folder.appendingPathComponent("session.json")
    try AtomicFile.write(Data("old".utf8), to: url)
    try AtomicFile.write(Data("new".utf8), to: url)
    XCTAssertEqual(try String(contentsOf: url, encoding: .utf8), "new")
    XCTAssertEqual(
      try FileManager.default.contentsOfDirectory(atPath: folder.path), ["session.json"])
  }

  func testOpeningAFileWithATornLineCutsItSoTheNextLineStaysWhole() throws {
    let url = folder.appendingPathComponent("log.txt")
    try Data("first\nsecond\nhalf a li".utf8).write(to: url)
    let file = try AppendingFile(url: url)
    try file.append(line: "third")
    XCTAssertEqual(try String(contentsOf: url, encoding: .utf8), "first\nsecond\nthird\n")
    // A file that is all fragment becomes empty.
    try Data("no newline at all".utf8).write(to: url)
    try AppendingFile(url: url).append(line: "x")
    XCTAssertEqual(try String(contentsOf: url, encoding: .utf8), "x\n")
  }

  func testSessionLogStampsEveryLine() throws {
    let log = try SessionLog(url: folder.appendingPathComponent("log.txt"))
    let date = Date(timeIntervalSince1970: 1_800_000_000)
    let written = try log.write("epoch 1 done\nsecond line", at: date)
    XCTAssertEqual(written.count, 2)
    let text = try String(contentsOf: folder.appendingPathComponent("log.txt"), encoding: .utf8)
    let stamp = LocalTime.logStamp(date)
    XCTAssertEqual(text, "\(stamp) epoch 1 done\n\(stamp) second line\n")
    XCTAssertNotNil(
      stamp.range(of: #"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$"#, options: .regularExpression))
  }

  /// A real full disk: the failed append is rolled back (no torn line), the atomic write fails
  /// without touching the old file, and both errors say the disk is full.
  func testAFullDiskLosesNothingAlreadyWritten() throws {
    guard let disk = ScratchMount.mount(sizeKB: 64) else { throw XCTSkip(ScratchMount.unavailable) }
    defer { disk.unmount() }
    let metrics = disk.url.appendingPathComponent("metrics.jsonl")
    let record = disk.url.appendingPathComponent("session.json")
    try AtomicFile.write(Data("{\"format\":1}".utf8), to: record)
    let file = try AppendingFile(url: metrics)
    let line = String(repeating: "x", count: 1000)
    var appended = 0
    var failure: FileError?
    while failure == nil {
      do {
        try file.append(line: line)
        appended += 1
      } catch { failure = error }
    }
    guard case .diskFull = failure else { return XCTFail("\(String(describing: failure))") }
    XCTAssertGreaterThan(appended, 10)
    let text = try String(contentsOf: metrics, encoding: .utf8)
    XCTAssertEqual(text, String(repeating: line + "\n", count: appended), "only whole lines remain")
    XCTAssertThrowsError(try AtomicFile.write(Data(repeating: 65, count: 200_000), to: record)) {
      guard case .diskFull = $0 as? FileError else { return XCTFail("\($0)") }
    }
    XCTAssertEqual(try String(contentsOf: record, encoding: .utf8), "{\"format\":1}")
    XCTAssertEqual(
      try FileManager.default.contentsOfDirectory(atPath: disk.url.path).sorted(),
      ["metrics.jsonl", "session.json"], "no temporary file left behind")
  }
}

import Foundation
import OncoTestSupport
import XCTest

@testable import OncoWorkbench

final class SessionStoreTests: XCTestCase {
  private var root: URL!

  override func setUpWithError() throws {
    root = try TestPaths.temporaryDirectory("sessions")
  }

  override func tearDown() {
    try? FileManager.default.removeItem(at: root)
  }

  private func config() -> TrainingConfig {
    var config = TrainingConfig(input: "/data/faces-dev/manifest.csv")
    config.labelColumn = "sex"
    config.positiveLabel = "F"
    config.epochs = 3
    return config
  }

  func testCreateWritesAStampedFolderWhoseRecordReadsBack() throws {
    let store = SessionStore(root: root.appendingPathComponent("Sessions"))
    let date = Date(timeIntervalSince1970: 1_800_000_000)
    let (folder, record) = try store.create(name: "sex proxy/1", config: config(), now: date)
    XCTAssertEqual(folder.id, LocalTime.folderStamp(date) + "-sex-proxy-1")
    XCTAssertTrue(
      folder.id.range(of: #"^\d{8}-\d{6}-sex-proxy-1$"#, options: .regularExpression) != nil)
    let read = try folder.readRecord()
    XCTAssertEqual(read, record)
    XCTAssertEqual(read.status, .running)
    XCTAssertEqual(read.config.positiveLabel, "F")
    XCTAssertEqual(read.writer?.pid, getpid())
    // The on-disk keys are the documented snake_case ones.
    let text = try String(contentsOf: folder.recordFile, encoding: .utf8)
    for key in [
      "\"label_column\"", "\"epochs_done\"", "\"batch_size\"", "\"status\" : \"running\"",
    ] {
      XCTAssertTrue(text.contains(key), "session.json lacks \(key):\n\(text)")
    }
  }

  func testTwoSessionsInTheSameSecondGetDistinctFolders() throws {
    let store = SessionStore(root: root)
    let now = Date()
    let (a, _) = try store.create(name: "run", config: config(), now: now)
    let (b, _) = try store.create(name: "run", config: config(), now: now)
    XCTAssertNotEqual(a.url, b.url)
    XCTAssertTrue(b.id.hasSuffix("-run-2"))
  }

  func testListIsNewestFirstSkipsOtherFoldersAndReportsDamagedOnes() throws {
    let store = SessionStore(root: root)
    var (old, oldRecord) = try store.create(
      name: "old", config: config(), now: Date(timeIntervalSince1970: 1_700_000_000))
    oldRecord.status = .finished
    oldRecord.epochsDone = 3
    oldRecord.bestEpoch = 2
    oldRecord.bestValidationAUC = 0.97
    try old.writeRecord(oldRecord)
    _ = try store.create(
      name: "new", config: config(), now: Date(timeIntervalSince1970: 1_800_000_000))
    try FileManager.default.createDirectory(
      at: root.appendingPathComponent("demo"), withIntermediateDirectories: true)
    let broken = root.appendingPathComponent("20250101-000000-broken")
    try FileManager.default.createDirectory(at: broken, withIntermediateDirectories: true)
    try Data("{\"format\":1,\"name\":".utf8).write(
      to: broken.appendingPathComponent("session.json"))

    let listing = store.list()
    XCTAssertEqual(listing.sessions.map(\.name), ["new", "old"])
    XCTAssertEqual(listing.sessions[1].bestValidationAUC, 0.97)
    XCTAssertEqual(listing.sessions[1].epochsDone, 3)
    XCTAssertEqual(listing.sessions[1].displayStatus, "finished")
    XCTAssertEqual(listing.problems.count, 1)
    XCTAssertTrue(
      "\(listing.problems[0])".contains("broken/session.json"), "\(listing.problems[0])")
    old = try store.find("old")
    XCTAssertEqual(old.id, listing.sessions[1].id)
    XCTAssertEqual(try store.find(listing.sessions[0].folder.url.path), listing.sessions[0].folder)
    XCTAssertThrowsError(try store.find("nothing-like-this"))
  }

  func testARunningSessionWhoseWriterIsGoneReadsAsInterrupted() throws {
    let store = SessionStore(root: root)
    var (folder, record) = try store.create(name: "killed", config: config())
    XCTAssertFalse(store.list().sessions[0].isInterrupted, "this process is alive")
    // A child process that has exited stands for a writer killed with SIGKILL.
    let child = Process()
    child.executableURL = URL(fileURLWithPath: "/bin/true")
    try child.run()
    child.waitUntilExit()
    record.writer = SessionWriter(
      pid: child.processIdentifier, host: ProcessInfo.processInfo.hostName)
    try folder.writeRecord(record)
    let summary = store.list().sessions[0]
    XCTAssertTrue(summary.isInterrupted)
    XCTAssertEqual(summary.displayStatus, "interrupted")
    folder = summary.folder
    XCTAssertEqual(try folder.readRecord().status, .running)
  }

  func testNewerFormatAndGarbageAreClearErrors() throws {
    let folder = SessionFolder(url: root)
    try Data(#"{"format":99}"#.utf8).write(to: folder.recordFile)
    XCTAssertThrowsError(try folder.readRecord()) { error in
      XCTAssertEqual(
        error as? SessionError,
        .newerFormat(
          path: folder.recordFile.path, found: 99,
          supported: SessionRecord.currentFormat))
    }
    try Data(#"{"format":1,"name":"x"}"#.utf8).write(to: folder.recordFile)
    XCTAssertThrowsError(try folder.readRecord()) { error in
      XCTAssertTrue("\(error)".contains("missing \"config\""), "\(error)")
    }
    XCTAssertThrowsError(try SessionFolder(url: root.appendingPathComponent("none")).readRecord()) {
      XCTAssertEqual(
        $0 as? SessionError, .notASession(path: self.root.appendingPathComponent("none").path))
    }
  }

  func testReadOnlySessionsFolderFailsBeforeAnythingIsWritten() throws {
    guard let disk = ScratchMount.mount(sizeKB: 64, readOnly: true) else {
      throw XCTSkip(ScratchMount.unavailable)
    }
    defer { disk.unmount() }
    let store = SessionStore(root: disk.url.appendingPathComponent("Sessions"))
    XCTAssertThrowsError(try store.create(name: "x", config: config())) { error in
      guard case .file(.readOnly(let path)) = error as? SessionError else {
        return XCTFail("\(error)")
      }
      XCTAssertTrue(path.hasPrefix(disk.url.path))
      XCTAssertTrue("\(error)".contains("--sessions"), "the message names the fix: \(error)")
    }
  }

  func testTooLittleFreeSpaceFailsUpFrontAndLeavesNoFolder() throws {
    guard let disk = ScratchMount.mount(sizeKB: 256) else {
      throw XCTSkip(ScratchMount.unavailable)
    }
    defer { disk.unmount() }
    let store = SessionStore(root: disk.url)
    XCTAssertThrowsError(try store.create(name: "x", config: config(), requiredBytes: 100 << 20)) {
      guard case .file(.diskFull(_, let needed, let available)) = $0 as? SessionError else {
        return XCTFail("\($0)")
      }
      XCTAssertEqual(needed, 100 << 20)
      XCTAssertLessThanOrEqual(available ?? .max, 256 << 10)
    }
    XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: disk.url.path), [])
  }
}

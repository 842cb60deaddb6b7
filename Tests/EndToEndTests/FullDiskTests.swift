import Foundation
import OncoNN
import OncoTestSupport
import OncoWorkbench
import XCTest

/// `oncoface train` and `resume` on real small and read-only file systems (tmpfs mounted by the
/// test; skipped with the reason when mounting is not allowed): a disk that fills up mid-run, a
/// read-only Sessions/ folder, a session whose disk became read-only.
///
/// OncoWorkbenchTests covers the same inside one process; these drive the release binary, so the
/// exit status, the message a user reads and the files left behind are checked as they happen.
final class FullDiskTests: XCTestCase {
  private var root: URL!
  private var demo: URL!

  override func setUpWithError() throws {
    try OncofaceProcess.requireTraining()
    root = try TestPaths.temporaryDirectory("full-disk")
    demo = try OncofaceProcess.smallDemo(in: root)
  }

  override func tearDown() {
    if let root { try? FileManager.default.removeItem(at: root) }
  }

  private func train(_ sessions: URL, epochs: Int, extra: [String] = []) -> [String] {
    ["train", demo.path, "--sessions", sessions.path, "--epochs", "\(epochs)", "--batch", "8",
     "--threads", "1", "--patience", "100"] + extra
  }

  /// Beyond TrainCommandTests' read-only Sessions/: a Sessions/ still to be made on a read-only
  /// disk, and a photo manifest, whose preparation goes into Sessions/.prepared first, both fail
  /// at once with a message naming the place; nothing is trained.
  func testAReadOnlyDiskIsAClearErrorBeforeTrainingStartsForAnyInput() throws {
    guard let disk = ScratchMount.mount(sizeKB: 1024, readOnly: true) else {
      throw XCTSkip(ScratchMount.unavailable)
    }
    defer { disk.unmount() }
    let runs = [
      train(disk.url.appendingPathComponent("Sessions"), epochs: 2),
      ["train", demo.appendingPathComponent("manifest.csv").path, "--aligned", "--sessions",
       disk.url.path, "--epochs", "2"],
    ]
    for arguments in runs {
      let run = try ReleaseBinary.run(arguments)
      XCTAssertEqual(run.status, 1, run.stderr)
      XCTAssertTrue(run.stderr.contains(disk.url.path), run.stderr)
      XCTAssertTrue(
        run.stderr.contains("read-only") || run.stderr.contains("read only"), run.stderr)
      XCTAssertFalse(run.stderr.contains("epoch 1/"), "trained on a read-only disk: \(run.stderr)")
    }
  }

  /// The disk fills up while a run is going (another program takes the space): the run stops with
  /// "the disk is full", its last saved epoch still loads, metrics.jsonl has whole lines, no
  /// half-written file is left; once space is freed, `resume` finishes every epoch.
  func testADiskFillingUpMidRunKeepsTheLastSavedEpochAndResumeFinishes() throws {
    guard let disk = ScratchMount.mount(sizeKB: 200 * 1024) else {
      throw XCTSkip(ScratchMount.unavailable)
    }
    defer { disk.unmount() }
    let sessions = disk.url.appendingPathComponent("Sessions")
    let epochs = 40
    let log = root.appendingPathComponent("train.log")
    let run = try OncofaceProcess.start(train(sessions, epochs: epochs), log: log)
    // Once the first epoch is saved, fill the disk up to 8 MB, less than a checkpoint (45 MB).
    let folder = firstSavedEpoch(in: sessions, of: run)
    let filler = disk.url.appendingPathComponent("filler")
    let free = try XCTUnwrap(AtomicFile.availableBytes(at: disk.url))
    try? Data(count: max(0, Int(free) - (8 << 20))).write(to: filler)
    XCTAssertTrue(run.waitForExit(seconds: 120))
    let session = try XCTUnwrap(folder)

    XCTAssertEqual(run.process.terminationStatus, 1, run.output)
    XCTAssertTrue(run.output.contains("the disk is full"), run.output)
    XCTAssertTrue(run.output.contains("--sessions"), "the message names the fix: \(run.output)")
    let record = try session.readRecord()
    XCTAssertEqual(record.status, .failed)
    XCTAssertTrue(record.reason?.contains("disk is full") ?? false, record.reason ?? "")
    XCTAssertLessThan(record.epochsDone, epochs, "the disk filled before the end")
    let checkpoint = try Checkpoint.read(from: session.modelFile)
    XCTAssertEqual(checkpoint.metadata["oncoface.epoch"], "\(record.epochsDone)")
    XCTAssertNoThrow(try SessionModel.load(session))
    let metrics = try session.readMetrics()
    XCTAssertEqual(metrics.skippedLines, [])
    XCTAssertEqual(metrics.epochs.map(\.epoch), Array(1...record.epochsDone))
    let names = try FileManager.default.contentsOfDirectory(atPath: session.url.path)
    XCTAssertEqual(names.filter { $0.contains(".tmp-") }, [], "a half-written file was left")

    try FileManager.default.removeItem(at: filler)
    let resumed = try ReleaseBinary.run(["resume", session.url.path])
    XCTAssertEqual(resumed.status, 0, resumed.stderr)
    XCTAssertEqual(try session.readRecord().epochsDone, epochs)
    XCTAssertEqual(try session.readMetrics().epochs.map(\.epoch), Array(1...epochs))
  }

  /// A stopped session whose disk became read-only: `resume` refuses before touching anything,
  /// saying why; every file of the session is as it was, and it resumes once writable again.
  func testResumingOnADiskThatBecameReadOnlyChangesNothing() throws {
    guard let disk = ScratchMount.mount(sizeKB: 200 * 1024) else {
      throw XCTSkip(ScratchMount.unavailable)
    }
    defer { disk.unmount() }
    let sessions = disk.url.appendingPathComponent("Sessions")
    let epochs = 30
    let run = try OncofaceProcess.start(
      train(sessions, epochs: epochs), log: root.appendingPathComponent("train.log"))
    let session = firstSavedEpoch(in: sessions, of: run)
    run.process.interrupt()  // Ctrl-C: stops after the minibatch in hand
    XCTAssertTrue(run.waitForExit(seconds: 60))
    XCTAssertEqual(run.process.terminationStatus, 130, "stopped by Ctrl-C")
    let folder = try XCTUnwrap(session)
    XCTAssertEqual(try folder.readRecord().status, .stopped)
    let before = try snapshot(folder.url)

    XCTAssertTrue(remount(disk.url, readOnly: true))
    let refused = try ReleaseBinary.run(["resume", folder.url.path])
    XCTAssertEqual(refused.status, 1, refused.stderr)
    XCTAssertTrue(refused.stderr.contains("read-only"), refused.stderr)
    XCTAssertEqual(try snapshot(folder.url), before, "resume changed the session")

    XCTAssertTrue(remount(disk.url, readOnly: false))
    let resumed = try ReleaseBinary.run(["resume", folder.url.path])
    XCTAssertEqual(resumed.status, 0, resumed.stderr)
    XCTAssertEqual(try folder.readRecord().epochsDone, epochs)
  }

  /// Waits until `run` has saved its first epoch under `sessions` (or ended); the session.
  private func firstSavedEpoch(in sessions: URL, of run: OncofaceProcess) -> SessionFolder? {
    let deadline = Date().addingTimeInterval(120)
    while Date() < deadline, run.process.isRunning {
      let names = (try? FileManager.default.contentsOfDirectory(atPath: sessions.path)) ?? []
      let folder = names.first.map { SessionFolder(url: sessions.appendingPathComponent($0)) }
      if let folder, FileManager.default.fileExists(atPath: folder.modelFile.path) { return folder }
      usleep(5_000)
    }
    return nil
  }

  /// Every file of a folder and its bytes.
  private func snapshot(_ folder: URL) throws -> [String: Data] {
    var files: [String: Data] = [:]
    for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
      files[name] = try Data(contentsOf: folder.appendingPathComponent(name))
    }
    return files
  }

  private func remount(_ url: URL, readOnly: Bool) -> Bool {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/mount")
    process.arguments = ["-o", readOnly ? "remount,ro" : "remount,rw", url.path]
    do { try process.run() } catch { return false }
    process.waitUntilExit()
    return process.terminationStatus == 0
  }
}

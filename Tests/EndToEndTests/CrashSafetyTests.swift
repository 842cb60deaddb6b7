import Foundation
import OncoNN
import OncoStats
import OncoTestSupport
import OncoWorkbench
import XCTest

/// `oncoface train` and `oncoface resume` killed with SIGKILL at random moments, as a crash, the
/// OOM killer or a lost machine would: after every kill the session folder reads, metrics.jsonl
/// holds only whole lines, the checkpoint loads, and `resume` finishes the run with the same
/// epochs, and the same numbers, as a run that was never killed. `oncoface prepare` likewise.
///
/// The moments are drawn from a seed printed at the start; rerun one with
/// `ONCOFACE_CRASH_SEED=<seed>`.
final class CrashSafetyTests: XCTestCase {
  private var root: URL!

  override func setUpWithError() throws {
    try OncofaceProcess.requireTraining()
    root = try TestPaths.temporaryDirectory("crash-safety")
  }

  override func tearDown() {
    if let root { try? FileManager.default.removeItem(at: root) }
  }

  /// Frozen-backbone training on 40 demo faces, one thread (so that runs agree to the bit): most
  /// of a run's wall time is spent writing the 45 MB checkpoint once per epoch, so many kills land
  /// in the middle of a write.
  private let epochs = 12
  private var trainOptions: [String] {
    ["--epochs", "\(epochs)", "--batch", "8", "--threads", "1", "--patience", "100"]
  }
  private let minimumKills = 24

  func testKilledAtRandomMomentsTheSessionStaysReadableAndResumeFinishesIt() throws {
    let seed = crashSeed()
    var random = SeededGenerator(seed: seed)
    let demo = try OncofaceProcess.smallDemo(in: root)

    // The reference: the same run, never killed.
    let started = Date()
    let reference = root.appendingPathComponent("Reference")
    let plain = try ReleaseBinary.run(
      ["train", demo.path, "--sessions", reference.path, "--session", "plain"] + trainOptions)
    XCTAssertEqual(plain.status, 0, plain.stderr)
    let duration = Date().timeIntervalSince(started)
    let referenceFolder = try XCTUnwrap(sessionFolders(in: reference).first)
    let referenceMetrics = try Oncoface.metrics(referenceFolder, untimed: true)
    XCTAssertEqual(referenceMetrics.count, epochs + 1, "an epoch line each and the test line")

    let sessions = root.appendingPathComponent("Sessions")
    var kills = 0, finished = 0, runs = 0
    var midWrite = 0, beforeSession = 0  // kills that left a half-written file; before any file
    var current: URL?  // the session being driven to its end
    var steps: [String] = []
    while kills < minimumKills || current != nil {
      let arguments: [String]
      if let current {
        arguments = ["resume", current.path]
      } else {
        runs += 1
        arguments = ["train", demo.path, "--sessions", sessions.path, "--session", "run\(runs)"]
          + trainOptions
      }
      let log = root.appendingPathComponent("step-\(steps.count).log")
      let process = try OncofaceProcess.start(arguments, log: log)
      // Kill at a moment drawn over the span of a whole run; once enough kills are done, let the
      // run finish.
      let delay = kills < minimumKills ? random.nextDouble() * duration * 0.8 : 600
      if !process.waitForExit(seconds: delay) {
        process.kill()
        kills += 1
      }
      let ending = process.wasKilled ? "killed after \(String(format: "%.2f", delay)) s" : "ended"
      let what = "\(arguments[0]) \(ending)"
      steps.append(what)
      let context = "step \(steps.count) (\(what)), ONCOFACE_CRASH_SEED=\(seed)"
      if !process.wasKilled {
        XCTAssertEqual(process.process.terminationStatus, 0, "\(context): \(process.output)")
      }
      // Find the session this step wrote (a train killed before creating it wrote none).
      if current == nil {
        current = sessionFolders(in: sessions).first {
          $0.lastPathComponent.hasSuffix("-run\(runs)")
        }
      }
      guard let folder = current else {
        if process.wasKilled { beforeSession += 1 }
        continue
      }
      if process.wasKilled, try !temporaryFiles(in: folder).isEmpty { midWrite += 1 }
      let state = try checkSession(folder, context: context)
      switch state {
      case .notCreated:
        beforeSession += 1
        current = nil  // killed between making the folder and writing session.json: start again
      case .running:
        if !process.wasKilled { XCTFail("\(context): the process ended but the run did not") }
      case .finished:
        XCTAssertEqual(try Oncoface.metrics(folder, untimed: true), referenceMetrics, context)
        XCTAssertEqual(
          try temporaryFiles(in: folder), [], "\(context): a finished session keeps no debris")
        finished += 1
        current = nil
      }
      if testRun?.failureCount ?? 0 > 0 { break }
    }
    XCTAssertGreaterThanOrEqual(kills, minimumKills)
    XCTAssertGreaterThanOrEqual(finished, 1)
    print(
      "CrashSafetyTests: \(kills) kills over \(runs) runs, \(finished) finished; "
        + "\(midWrite) kills left a half-written file, \(beforeSession) came before any session "
        + "file; steps: "
        + steps.joined(separator: "; "))
  }

  /// `oncoface prepare` killed at random moments: no half-written file is left among the chips,
  /// masks or cache records, and the run that finally completes reuses what the killed ones
  /// finished and writes exactly what an uninterrupted run writes.
  func testKilledPreparationLosesNothingAndEndsAsAnUninterruptedRun() throws {
    let seed = crashSeed()
    var random = SeededGenerator(seed: seed)
    let chips = try OncofaceProcess.smallDemo(in: root).appendingPathComponent("chips")
    let options = ["--aligned", "--jobs", "2"]
    let started = Date()
    let reference = root.appendingPathComponent("reference")
    let plain = try ReleaseBinary.run(["prepare", chips.path, "--out", reference.path] + options)
    XCTAssertEqual(plain.status, 0, plain.stderr)
    let duration = Date().timeIntervalSince(started)

    let out = root.appendingPathComponent("killed")
    var kills = 0
    var step = 0
    // Each run reuses what the killed ones finished, so the delay is drawn over the time the work
    // left should take: the kills keep landing mid-run instead of after a run that had little
    // left to do.
    while kills < 10, step < 30 {
      let done = try files(in: out).filter { $0.hasPrefix(".cache/") && $0.hasSuffix(".json") }
      let left = max(0.1, 1 - Double(done.count) / 40)
      let log = root.appendingPathComponent("prepare-\(step).log")
      let run = try OncofaceProcess.start(
        ["prepare", chips.path, "--out", out.path] + options, log: log)
      if !run.waitForExit(seconds: random.nextDouble() * duration * left) {
        run.kill()
        kills += 1
      }
      step += 1
      // A kill mid-write may leave a writer's temporary file (the next run removes it: the
      // listing at the end must equal the reference); anything else would be a torn output.
      let debris = try files(in: out).filter {
        !$0.hasSuffix(".png") && !$0.hasSuffix(".json") && !$0.hasSuffix(".csv")
          && !$0.contains(".tmp-")
      }
      XCTAssertEqual(debris, [], "step \(step), ONCOFACE_CRASH_SEED=\(seed)")
    }
    let last = try ReleaseBinary.run(["prepare", chips.path, "--out", out.path, "--json"] + options)
    XCTAssertEqual(last.status, 0, last.stderr)
    XCTAssertGreaterThanOrEqual(kills, 5)
    XCTAssertEqual(try files(in: out), try files(in: reference))
    for name in try files(in: reference) where !name.hasPrefix(".cache/") {
      XCTAssertEqual(
        try Data(contentsOf: out.appendingPathComponent(name)),
        try Data(contentsOf: reference.appendingPathComponent(name)), name)
    }
    print("CrashSafetyTests: prepare killed \(kills) times; the last run reused "
      + "\(last.summary["reused"] ?? "?") of 40")
  }

  /// $ONCOFACE_CRASH_SEED, else one from the clock; printed, so that a failure can be replayed.
  private func crashSeed() -> UInt64 {
    let seed =
      ProcessInfo.processInfo.environment["ONCOFACE_CRASH_SEED"].flatMap { UInt64($0) }
      ?? UInt64(Date().timeIntervalSince1970 * 1000)
    print("CrashSafetyTests: ONCOFACE_CRASH_SEED=\(seed)")
    return seed
  }

  /// Every file below `folder`, as sorted relative paths.
  private func files(in folder: URL) throws -> [String] {
    guard let walker = FileManager.default.enumerator(atPath: folder.path) else { return [] }
    return walker.compactMap { $0 as? String }.filter { name in
      var isFolder: ObjCBool = false
      return FileManager.default.fileExists(
        atPath: folder.appendingPathComponent(name).path, isDirectory: &isFolder)
        && !isFolder.boolValue
    }.sorted()
  }

  // MARK: - Checks

  private enum SessionState { case notCreated, running, finished }

  /// Checks what must hold after any kill and says where the run stands.
  private func checkSession(_ url: URL, context: String) throws -> SessionState {
    let names = try FileManager.default.contentsOfDirectory(atPath: url.path)
    guard names.contains("session.json") else {
      XCTAssertEqual(names, [], "\(context): a folder without session.json must be empty")
      try FileManager.default.removeItem(at: url)
      return .notCreated
    }
    let folder = SessionFolder(url: url)
    let record = try folder.readRecord()

    // metrics.jsonl: whole lines only, each a record, epochs 1, 2, … in order.
    let bytes = (try? Data(contentsOf: folder.metricsFile)) ?? Data()
    XCTAssertTrue(bytes.isEmpty || bytes.last == UInt8(ascii: "\n"), "\(context): torn line")
    let metrics = try folder.readMetrics()
    XCTAssertEqual(metrics.skippedLines, [], "\(context): damaged metrics lines")
    XCTAssertEqual(metrics.consumedBytes, bytes.count, context)
    let lines = metrics.epochs.map(\.epoch)
    XCTAssertEqual(lines, (0..<lines.count).map { $0 + 1 }, context)

    // The checkpoint: loads into the network; it holds the epoch session.json names or the next
    // (session.json is rewritten just after the checkpoint), and metrics.jsonl has its line (the
    // line is appended just before).
    if FileManager.default.fileExists(atPath: folder.modelFile.path) {
      let checkpoint = try Checkpoint.read(from: folder.modelFile)
      let saved = try XCTUnwrap(checkpoint.metadata["oncoface.epoch"].flatMap { Int($0) }, context)
      XCTAssertNoThrow(try SessionModel.load(folder), context)
      XCTAssertTrue(
        [saved - 1, saved].contains(record.epochsDone),
        "\(context): session.json says \(record.epochsDone), the checkpoint \(saved)")
      XCTAssertTrue([saved, saved + 1].contains(lines.count), "\(context): \(lines) for \(saved)")
    } else {
      XCTAssertEqual(record.epochsDone, 0, context)
      XCTAssertLessThanOrEqual(lines.count, 1, context)
    }
    guard record.status == .finished else {
      XCTAssertEqual(record.status, .running, "\(context): \(record.reason ?? "")")
      return .running
    }
    XCTAssertEqual(record.epochsDone, epochs, context)
    XCTAssertEqual(lines, Array(1...epochs), context)
    XCTAssertEqual(metrics.tests.count, 1, context)
    return .finished
  }

  /// The session folders under `root`, newest first.
  private func sessionFolders(in root: URL) -> [URL] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
    return names.filter { !$0.hasPrefix(".") }.sorted(by: >).map {
      root.appendingPathComponent($0)
    }
  }

  /// Left-over temporary files of atomic writes (`.<name>.tmp-<pid>-<n>`).
  private func temporaryFiles(in folder: URL) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: folder.path).filter {
      $0.hasPrefix(".") && $0.contains(".tmp-")
    }
  }

}

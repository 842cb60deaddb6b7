import Foundation
import OncoNN
import OncoStats
import OncoTestSupport
import OncoWorkbench
import XCTest

/// The workbench under what SSH sessions do to a terminal: a burst of resizes (a window dragged, a
/// tmux layout switched), and the connection dropping while a run trains. Input at end of file is
/// TUIWorkbenchTests' `testWithoutATerminalItSaysWhatToDo` (not a terminal: refused, saying why)
/// and `testClosedTerminalEndsTheProgram` (the terminal gone while idle).
final class TUISurvivalTests: XCTestCase {
  /// 300 resizes as fast as tmux sends them, down to 1×1 and up to 300×100, across the screens:
  /// the workbench keeps running, answers keys, and draws the whole frame at the final size.
  func testThreeHundredRapidResizesLeaveAWorkingFullFrame() throws {
    let tui = try TUISession.onDemo(width: 100, height: 30)
    resizeRapidly(tui, times: 300, seed: 29, switchingScreens: true)
    try tui.waitFor("? or Esc closes")
    tui.press("Escape")
    try tui.quit()
  }

  /// The connection drops in the middle of an epoch, after a burst of resizes: as the README says,
  /// the run is stopped cleanly and the program exits. The session reads as stopped after its last
  /// saved epoch, the checkpoint loads, metrics.jsonl has whole lines, and `oncoface resume`
  /// finishes the run.
  func testTheTerminalClosingMidEpochStopsTheRunCleanlyAndResumeFinishesIt() throws {
    try OncofaceProcess.requireTraining()
    // Our own sessions folder: closing a TUISession removes its own.
    let sessions = try TestPaths.temporaryDirectory("tui-survival")
    defer { try? FileManager.default.removeItem(at: sessions) }
    let tui = try TUISession(
      arguments: ["--data", TUISession.demoCohort().path, "--sessions", sessions.path])
    try tui.waitFor("Face · demo0001")
    tui.press("2")
    try tui.waitFor("┌ Run")
    // freeze backbone → none (the whole network trains: epochs of seconds), epochs 5 → 4: the
    // terminal closes in epoch 2 or, on a slow machine, a later one, never after the last.
    tui.press("j", "Right", "Right")
    try tui.waitFor("freeze    ‹ none ›")
    tui.press("j", "Left")
    try tui.waitFor("epochs    ‹ 4 ›")
    tui.press("s")
    let saved = try XCTUnwrap(firstSavedEpoch(in: sessions, timeout: 300))
    resizeRapidly(tui, times: 100, seed: 31, switchingScreens: false)
    let pid = try XCTUnwrap(tui.pid())
    let savedBeforeClosing = try saved.readMetrics().epochs.count
    tui.close()  // SIGHUP, then end of input
    let deadline = Date().addingTimeInterval(90)
    while kill(pid, 0) == 0, Date() < deadline { usleep(50_000) }
    XCTAssertNotEqual(kill(pid, 0), 0, "the workbench still runs after its terminal closed")

    let record = try saved.readRecord()
    XCTAssertEqual(record.status, .stopped, record.reason ?? "")
    // One more epoch may have been saved between reading metrics.jsonl and the hang-up.
    XCTAssertTrue(
      (savedBeforeClosing...savedBeforeClosing + 1).contains(record.epochsDone),
      "the epoch in flight is given up, the saved ones kept: \(record.epochsDone) after "
        + "\(savedBeforeClosing)")
    XCTAssertLessThan(record.epochsDone, 4, "the run did not finish before the terminal closed")
    XCTAssertNoThrow(try SessionModel.load(saved))
    let metrics = try saved.readMetrics()
    XCTAssertEqual(metrics.skippedLines, [])
    XCTAssertEqual(metrics.epochs.map(\.epoch), Array(1...max(1, record.epochsDone)))
    let resumed = try ReleaseBinary.run(["resume", saved.url.path])
    XCTAssertEqual(resumed.status, 0, resumed.stderr)
    let final = try saved.readRecord()
    XCTAssertEqual(final.status, .finished)
    XCTAssertGreaterThan(final.epochsDone, record.epochsDone, "resume trained on")
    // Four epochs, or fewer when early stopping (patience 2) ends the run.
    XCTAssertLessThanOrEqual(final.epochsDone, 4)
    XCTAssertEqual(try saved.readMetrics().epochs.map(\.epoch), Array(1...final.epochsDone))
  }

  /// Resizes the terminal `times` times to random sizes (every 37th 1 column wide, every 41st one
  /// row high), then to 90×28, and waits for a complete frame there: tab bar, status line, no
  /// "too small" notice.
  private func resizeRapidly(_ tui: TUISession, times: Int, seed: UInt64, switchingScreens: Bool) {
    var random = SeededGenerator(seed: seed)
    for k in 0..<times {
      if switchingScreens, k % 50 == 0 { tui.press(String(k / 50 % 6 + 1)) }  // screens 1…6
      let width = k % 37 == 0 ? 1 : 1 + random.nextInt(below: 300)
      let height = k % 41 == 0 ? 1 : 1 + random.nextInt(below: 100)
      tui.resize(width: width, height: height)
    }
    tui.resize(width: 90, height: 28)
    let frame = try? tui.waitUntil("a full 90×28 frame") { screen in
      let lines = screen.split(separator: "\n", omittingEmptySubsequences: false)
      return lines.count >= 28 && lines[0].contains("6 Sessions") && lines[27].contains("q quit")
    }
    XCTAssertFalse(frame?.contains("Terminal too small") ?? true, frame ?? "no frame")
    XCTAssertEqual(tui.pid().map { kill($0, 0) == 0 }, true, "the workbench is running")
    tui.press("?")
  }

  /// The session under `sessions` once its first epoch is saved.
  private func firstSavedEpoch(in sessions: URL, timeout: TimeInterval) -> SessionFolder? {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
      let names = (try? FileManager.default.contentsOfDirectory(atPath: sessions.path)) ?? []
      for name in names where !name.hasPrefix(".") {
        let folder = SessionFolder(url: sessions.appendingPathComponent(name))
        if FileManager.default.fileExists(atPath: folder.modelFile.path) { return folder }
      }
      usleep(50_000)
    }
    return nil
  }
}

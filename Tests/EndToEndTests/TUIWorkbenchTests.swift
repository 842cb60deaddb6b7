import Foundation
import OncoTestSupport
import XCTest

/// The workbench in a real terminal (tmux), seen as a person sees it.
final class TUIWorkbenchTests: XCTestCase {
  func testEveryScreenHelpAndQuitAt100x30() throws {
    let tui = try TUISession(width: 100, height: 30)
    try tui.waitFor("Data set · demo-cohort")
    // The table and the balance panel come from a background load: wait for both.
    var screen = try tui.waitFor("Balance")
    XCTAssertTrue(screen.hasPrefix(" OncoFace  1 Data  2 Train"), screen)
    XCTAssertTrue(screen.contains("demo-cohort · 120 faces"), "the tab bar names the data set")
    XCTAssertTrue(screen.contains("demo0001") && screen.contains("Balance"), screen)
    let lines = screen.split(separator: "\n", omittingEmptySubsequences: false)
    XCTAssertTrue(
      lines.count >= 30 && lines[29].contains("? help") && lines[29].contains("q quit"), screen)

    let expectations = [
      ("2", "┌ Run"), ("3", "No ROC curve yet"), ("4", "No test predictions yet"),
      ("5", "No average faces yet"), ("6", "No sessions yet"), ("1", "Balance"),
    ]
    for (key, marker) in expectations {
      tui.press(key)
      try tui.waitFor(marker)
    }
    tui.press("Tab")
    screen = try tui.waitFor("┌ Loss")
    XCTAssertTrue(screen.contains("learn rate"), "the Train form is there")

    tui.press("?")
    screen = try tui.waitFor("? or Esc closes")
    XCTAssertTrue(screen.contains("Everywhere") && screen.contains("2 · Train"))
    XCTAssertTrue(screen.contains("start a training run"), "the help lists the screen's own keys")
    tui.press("Escape")
    try tui.waitForAbsence("? or Esc closes")

    try tui.quit()
  }

  /// `r` on the Faces screen averages the open data set in the background: both groups' faces
  /// and the measure table appear, with the planted fuller cheeks as a larger CJWR in the cases.
  func testFacesScreenAveragesTheDemoCohort() throws {
    let tui = try TUISession.onDemo(width: 100, height: 30)
    tui.press("5")
    try tui.waitFor("No average faces yet")
    tui.press("r")
    let screen = try tui.waitFor("average faces of 2 groups")
    XCTAssertTrue(screen.contains("control · 60 faces") && screen.contains("case · 60 faces"), screen)
    let cjwr = try XCTUnwrap(screen.split(separator: "\n").first { $0.contains("CJWR") })
    let means = cjwr.split(separator: " ").compactMap { Double($0) }
    XCTAssertGreaterThanOrEqual(means.count, 4, String(cjwr))
    XCTAssertGreaterThan(means[2], means[0], "case CJWR above control's: \(cjwr)")
    try tui.quit()
  }

  func testDataScreenFilterAndPreview() throws {
    let tui = try TUISession.onDemo(width: 80, height: 24)
    tui.press("j", "j")
    try tui.waitFor("Face · demo0003")
    tui.press("/")
    tui.type("control")
    let filtered = try tui.waitFor("60 of 120")
    let rows = filtered.split(separator: "\n").filter {
      $0.contains("demo0") && !$0.contains("Face ·")
    }
    XCTAssertFalse(rows.isEmpty)
    XCTAssertTrue(
      rows.allSatisfy { $0.contains(" control ") }, "only controls are listed:\n\(filtered)")
    tui.press("Enter", "Escape")
    try tui.waitForAbsence("of 120")
    try tui.quit()
  }

  func testTrainOneEpochThenStepMistakesAndMoveTheThreshold() throws {
    let tui = try TUISession.onDemo(width: 100, height: 30)
    tui.press("2")
    try tui.waitFor("┌ Run")
    // epochs: 5 → 1 (the backbone stays frozen, the default).
    tui.press("j", "j", "Left", "Left", "Left", "Left")
    try tui.waitFor("epochs    ‹ 1 ›")
    tui.press("s")
    var screen = try tui.waitFor("best val AUC", timeout: 180)
    XCTAssertTrue(screen.contains("  1 0."), "the epoch row is in the table:\n\(screen)")
    XCTAssertTrue(screen.contains("┤"), "the charts have axes")
    XCTAssertTrue(screen.contains("★"), "the best epoch is marked")

    tui.press("4")
    screen = try tui.waitFor("Mistakes · FN")
    let first = try XCTUnwrap(faceTitle(screen))
    if !screen.contains("no mistakes") {
      // The face's Grad-CAM is computed on demand: first the note, then the overlay, its region
      // shares and the saved PNGs.
      try tui.waitUntil("Grad-CAM to be computing or done", timeout: 30) {
        $0.contains("computing Grad-CAM…") || $0.contains(" regions ")
      }
      screen = try tui.waitFor(" regions ", timeout: 120)
      XCTAssertFalse(screen.contains("computing Grad-CAM…"), screen)
      XCTAssertNotNil(
        screen.range(of: #"regions +[a-z]+ [0-9]+% · "#, options: .regularExpression), screen)
      let id = String(first.dropFirst("Face · ".count))
      XCTAssertTrue(
        screen.contains("cam/\(id)-overlay.png") && screen.contains("…-gradcam.png"), screen)
      XCTAssertTrue(screen.contains("▀"), "the overlay is drawn in half blocks")
      let camFolder = try XCTUnwrap(onlySessionFolder(in: tui.sessions)).appendingPathComponent(
        "cam")
      for suffix in ["overlay", "gradcam", "guided"] {
        XCTAssertTrue(
          FileManager.default.fileExists(
            atPath: camFolder.appendingPathComponent("\(id)-\(suffix).png").path))
      }
    }
    if screen.components(separatedBy: " FN  p ").count
      + screen.components(separatedBy: " FP  p ").count > 3
    {
      tui.press("j")
      try tui.waitUntil("the next mistake") { faceTitle($0) != nil && faceTitle($0) != first }
    }

    tui.press("3")
    screen = try tui.waitFor("At threshold")
    let threshold = try XCTUnwrap(thresholdTitle(screen))
    tui.press("Right")
    try tui.waitUntil("the threshold to move") {
      thresholdTitle($0) != nil && thresholdTitle($0) != threshold
    }

    tui.press("6")
    try tui.waitFor("finished")
    try tui.quit()
  }

  func testQuitWhileTrainingAsksAndStopsTheRunCleanly() throws {
    let tui = try TUISession.onDemo(width: 100, height: 30)
    tui.press("2")
    try tui.waitFor("┌ Run")
    tui.press("s")
    try tui.waitFor("x stop", timeout: 30)
    // The session exists once the tab bar names it.
    try tui.waitUntil("the session to be created", timeout: 60) {
      $0.range(of: #"[0-9]{8}-[0-9]{6}-demo-cohort"#, options: .regularExpression) != nil
    }
    tui.press("q")
    let dialog = try tui.waitFor("Quit while training?")
    XCTAssertTrue(
      dialog.contains("s    stop the run and quit")
        && dialog.contains("h    keep training headless"))
    tui.press("Escape")
    try tui.waitForAbsence("Quit while training?")
    tui.press("q")
    try tui.waitFor("Quit while training?")
    tui.press("s")
    XCTAssertEqual(try tui.waitForExit(timeout: 90), 0, "s stops the run and quits")
    let sessions = try FileManager.default.contentsOfDirectory(atPath: tui.sessions.path)
      .filter { $0.hasSuffix("demo-cohort") }
    XCTAssertEqual(sessions.count, 1, "one session was written")
    let record = try String(
      contentsOf: tui.sessions.appendingPathComponent(sessions[0])
        .appendingPathComponent("session.json"), encoding: .utf8)
    XCTAssertTrue(
      record.contains("\"status\" : \"stopped\"") || record.contains("\"status\":\"stopped\""),
      "the run was stopped cleanly, not killed:\n\(record)")
  }

  func testQuitWhileTrainingCanLeaveTheRunGoingHeadless() throws {
    let sessions = try TestPaths.temporaryDirectory("oncoface-tui-headless")
    var headless: pid_t?
    defer {
      if let headless, kill(headless, 0) == 0 { kill(headless, SIGKILL) }
      try? FileManager.default.removeItem(at: sessions)
    }
    let arguments = ["--data", try TUISession.demoCohort().path, "--sessions", sessions.path]
    let tui = try TUISession(arguments: arguments)
    try tui.waitFor("Face · demo0001")
    tui.press("2")
    try tui.waitFor("┌ Run")
    // The whole network trains (no feature cache: epochs take seconds), 4 epochs; early stopping
    // (patience 2) ends the run after epoch 3 at the soonest.
    tui.press("j", "Left")
    try tui.waitFor("freeze    ‹ none ›")
    tui.press("j", "Left")
    try tui.waitFor("epochs    ‹ 4 ›")
    tui.press("s")
    try tui.waitUntil("the first epoch to train", timeout: 120) { $0.contains("epoch 1/4") }
    let session = try XCTUnwrap(onlySessionFolder(in: sessions))
    tui.press("q")
    try tui.waitFor("Quit while training?")
    tui.press("h")
    XCTAssertEqual(try tui.waitForExit(timeout: 90), 0, "h hands the run over and quits")
    let farewell = tui.screen()
    let said = try XCTUnwrap(
      farewell.range(
        of: #"Training continues headless \(pid [0-9]+\)"#,
        options: .regularExpression), farewell)
    headless = pid_t(farewell[said].filter(\.isNumber))
    let handedOver = try record(of: session)["epochs_done"] as? Int ?? 0
    XCTAssertLessThan(handedOver, 4, "the run was cut short in the workbench")
    tui.close()  // the terminal goes away: the headless run must not notice

    // A later workbench on the same data set opens the run and follows it live.
    let later = try TUISession(arguments: arguments)
    try later.waitFor("Face · demo0001")
    later.press("2")
    try later.waitUntil("the running session to be followed", timeout: 60) {
      $0.contains("following a headless run") || $0.contains("finished")
    }
    try later.waitUntil("the headless run to finish", timeout: 600) { _ in
      (try? self.record(of: session)["status"] as? String) == "finished"
    }
    let final = try record(of: session)
    let writer = (final["writer"] as? [String: Any])?["pid"] as? NSNumber
    XCTAssertEqual(
      writer?.int32Value, headless, "the headless process wrote the session to its end")
    let epochs = try XCTUnwrap(final["epochs_done"] as? Int)
    XCTAssertGreaterThan(epochs, handedOver, "the session gained epochs after the workbench closed")
    XCTAssertGreaterThanOrEqual(epochs, 3)
    let metrics = try String(
      contentsOf: session.appendingPathComponent("metrics.jsonl"), encoding: .utf8)
    XCTAssertEqual(
      metrics.split(separator: "\n").filter { $0.contains("\"train_loss\"") }.count, epochs,
      "every epoch is in the session:\n\(metrics)")
    // The process prints its last line just after it marks the session finished.
    let log = session.appendingPathComponent("headless.log")
    try later.waitUntil("the headless run's output to end in headless.log", timeout: 30) { _ in
      ((try? String(contentsOf: log, encoding: .utf8)) ?? "").contains("finished")
    }
    try later.waitFor("finished", timeout: 30)
    try later.quit()
  }

  private func record(of session: URL) throws -> [String: Any] {
    let data = try Data(contentsOf: session.appendingPathComponent("session.json"))
    return try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
  }

  /// The one session folder under `sessions` (names that start with a dot are the workbench's own).
  private func onlySessionFolder(in sessions: URL) -> URL? {
    let names = ((try? FileManager.default.contentsOfDirectory(atPath: sessions.path)) ?? [])
      .filter { $0.range(of: #"^[0-9]{8}-[0-9]{6}-"#, options: .regularExpression) != nil }
    return names.count == 1 ? sessions.appendingPathComponent(names[0]) : nil
  }

  func testFollowsASessionAHeadlessRunIsWriting() throws {
    guard let binary = TestPaths.releaseBinary else { throw XCTSkip("no release binary") }
    let sessions = try TestPaths.temporaryDirectory("oncoface-tui-follow")
    defer { try? FileManager.default.removeItem(at: sessions) }
    // A headless run slow enough to watch: the whole network trained, many epochs.
    let trainer = Process()
    trainer.executableURL = binary
    trainer.arguments = [
      "train", try TUISession.demoCohort().path, "--sessions", sessions.path, "--session",
      "headless",
      "--freeze", "none", "--epochs", "40", "--patience", "40", "--batch", "8", "--threads", "1",
    ]
    trainer.standardOutput = FileHandle.nullDevice
    trainer.standardError = FileHandle.nullDevice
    try trainer.run()
    defer {
      if trainer.isRunning {
        trainer.interrupt()
        trainer.waitUntilExit()
      }
    }
    let deadline = Date().addingTimeInterval(60)
    while Date() < deadline,
      (try? FileManager.default.contentsOfDirectory(atPath: sessions.path))?.contains(where: {
        $0.hasSuffix("-headless")
      }) != true
    {
      Thread.sleep(forTimeInterval: 0.1)
    }

    let tui = try TUISession(arguments: [
      "--data", try TUISession.demoCohort().path, "--sessions", sessions.path,
    ])
    try tui.waitFor("Face · demo0001")
    tui.press("6")
    try tui.waitFor("headless")
    try tui.waitFor("running")
    tui.press("Enter")
    try tui.waitFor("following")
    tui.press("2")
    let first = try followedEpoch(tui.waitFor("following a headless run"))
    // Epochs written by the other process appear as it writes them.
    try tui.waitUntil("a later epoch", timeout: 120) { screen in
      (self.followedEpoch(screen) ?? 0) > (first ?? 0)
        && screen.range(
          of: #"│ +[0-9]+ [0-9]\.[0-9]{3} [0-9]\.[0-9]{3}"#, options: .regularExpression) != nil
    }
    trainer.interrupt()
    trainer.waitUntilExit()
    try tui.waitFor("stopped", timeout: 30)
    try tui.quit()
  }

  func testFitsAt80x24() throws {
    let tui = try TUISession.onDemo(width: 80, height: 24)
    let screen = tui.screen()
    let lines = screen.split(separator: "\n", omittingEmptySubsequences: false)
    XCTAssertTrue(lines[0].contains("6 Sessions"), "all six tabs fit in 80 columns")
    XCTAssertTrue(lines[23].contains("q quit"), screen)
    XCTAssertTrue(lines.prefix(24).allSatisfy { $0.count <= 80 })
    tui.press("2")
    try tui.waitFor("┌ Epochs")
    try tui.quit()
  }

  func testShrinkingToTooSmallAndBack() throws {
    let tui = try TUISession.onDemo(width: 100, height: 30)
    tui.press("3")
    try tui.waitFor("No ROC curve yet")
    tui.resize(width: 20, height: 5)
    let small = try tui.waitFor("Terminal too small")
    XCTAssertTrue(small.contains("20×5"), small)
    XCTAssertFalse(small.contains("┌"), "nothing else is drawn")
    tui.resize(width: 100, height: 30)
    let restored = try tui.waitFor("No ROC curve yet")
    XCTAssertFalse(restored.contains("Terminal too small"))
    XCTAssertTrue(restored.contains("q quit"))
    try tui.quit()
  }

  func testCLocaleDrawsASCII() throws {
    let tui = try TUISession.onDemo(width: 80, height: 24, lang: "C")
    let screen = tui.screen()
    XCTAssertTrue(screen.unicodeScalars.allSatisfy(\.isASCII), "non-ASCII in:\n\(screen)")
    XCTAssertTrue(screen.contains("+ Data set . demo-cohort ---"), screen)
    XCTAssertNotNil(
      screen.range(of: #"[@%#*+=]{6}"#, options: .regularExpression),
      "the face is drawn with the grey ramp:\n\(screen)")
    try tui.quit()
  }

  func testNoColorUsesAttributesOnly() throws {
    let tui = try TUISession.onDemo(environment: ["NO_COLOR": "1"])
    let attributes = tui.screenWithAttributes()
    XCTAssertFalse(
      attributes.contains("[38;") || attributes.contains("[48;"), "colour under NO_COLOR")
    XCTAssertNil(
      attributes.range(of: #"\[3[0-7]m"#, options: .regularExpression), "colour under NO_COLOR")
    XCTAssertTrue(
      attributes.contains("[7m") || attributes.contains(";7m"),
      "the current tab is in reverse video")
    try tui.quit()
  }

  func testEightColourTerminal() throws {
    let tui = try TUISession.onDemo(term: "xterm")
    let attributes = tui.screenWithAttributes()
    XCTAssertFalse(attributes.contains("[38;5;"), "a 256-colour code on an 8-colour terminal")
    XCTAssertNotNil(
      attributes.range(of: #"\[3[0-7]m"#, options: .regularExpression), "no ANSI colour at all")
    try tui.quit()
  }

  func testTrueColourFaceWhenColortermSaysSo() throws {
    let tui = try TUISession.onDemo(environment: ["COLORTERM": "truecolor"])
    try tui.waitUntil("24-bit colours in the face") { _ in
      tui.screenWithAttributes().contains("[38;2;")
    }
    try tui.quit()
  }

  func testClosedTerminalEndsTheProgram() throws {
    let tui = try TUISession.onDemo()
    let pid = try XCTUnwrap(tui.pid())
    tui.close()  // the terminal goes away: SIGHUP, then end of input
    let deadline = Date().addingTimeInterval(5)
    while kill(pid, 0) == 0 && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
    XCTAssertNotEqual(kill(pid, 0), 0, "the workbench is still running after its terminal closed")
  }

  func testWithoutATerminalItSaysWhatToDo() throws {
    guard let binary = TestPaths.releaseBinary else { throw XCTSkip("no release binary") }
    let process = Process()
    process.executableURL = binary
    process.arguments = ["ui", "--sessions", NSTemporaryDirectory()]
    process.standardInput = FileHandle.nullDevice
    let errors = Pipe()
    process.standardError = errors
    process.standardOutput = FileHandle.nullDevice
    try process.run()
    let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    XCTAssertNotEqual(process.terminationStatus, 0)
    XCTAssertTrue(message.contains("needs a terminal"), message)
  }

  func testMissingDataSetIsAnErrorBeforeTheScreenOpens() throws {
    guard let binary = TestPaths.releaseBinary else { throw XCTSkip("no release binary") }
    let process = Process()
    process.executableURL = binary
    process.arguments = ["ui", "--data", "/nonexistent/photos.csv"]
    let errors = Pipe()
    process.standardError = errors
    process.standardOutput = FileHandle.nullDevice
    try process.run()
    let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    XCTAssertNotEqual(process.terminationStatus, 0)
    XCTAssertTrue(message.contains("/nonexistent/photos.csv: no such file"), message)
  }

  /// 7 from "following a headless run 7/40".
  private func followedEpoch(_ screen: String) -> Int? {
    guard
      let range = screen.range(of: #"following a headless run [0-9]+"#, options: .regularExpression)
    else {
      return nil
    }
    return Int(screen[range].split(separator: " ").last ?? "")
  }

  /// "demo0042" from "┌ Face · demo0042 ───".
  private func faceTitle(_ screen: String) -> String? {
    screen.range(of: #"Face · [A-Za-z0-9_.-]+"#, options: .regularExpression).map {
      String(screen[$0])
    }
  }

  /// "At threshold 0.512".
  private func thresholdTitle(_ screen: String) -> String? {
    screen.range(of: #"At threshold [0-9.a-z]+"#, options: .regularExpression).map {
      String(screen[$0])
    }
  }
}

import Foundation
import OncoTestSupport
import XCTest

/// The workbench in a real terminal (tmux), seen as a person sees it.
final class TUIWorkbenchTests: XCTestCase {
  func testEveryScreenHelpAndQuitAt100x30() throws {
    let tui = try TUISession(width: 100, height: 30)
    var screen = try tui.waitFor("No data set open")
    XCTAssertTrue(screen.hasPrefix(" OncoFace  1 Data  2 Train"), screen)
    XCTAssertTrue(screen.contains("oncoface ui --data PATH"), "the empty Data screen says how to open data")
    let lines = screen.split(separator: "\n", omittingEmptySubsequences: false)
    XCTAssertTrue(lines.count >= 30 && lines[29].contains("? help") && lines[29].contains("q quit"), screen)

    let expectations = [("2", "┌ Run"), ("3", "No ROC curve yet"), ("4", "No test predictions yet"),
                        ("5", "No average faces yet"), ("6", "No sessions yet"), ("1", "No data set open")]
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

    tui.press("q")
    XCTAssertEqual(try tui.waitForExit(), 0)
  }

  func testFitsAt80x24() throws {
    let tui = try TUISession(width: 80, height: 24)
    let screen = try tui.waitFor("No data set open")
    let lines = screen.split(separator: "\n", omittingEmptySubsequences: false)
    XCTAssertTrue(lines[0].contains("6 Sessions"), "all six tabs fit in 80 columns")
    XCTAssertTrue(lines[23].contains("q quit"), screen)
    XCTAssertTrue(lines.prefix(24).allSatisfy { $0.count <= 80 })
    tui.press("2")
    try tui.waitFor("┌ Epochs")
    tui.press("q")
    XCTAssertEqual(try tui.waitForExit(), 0)
  }

  func testShrinkingToTooSmallAndBack() throws {
    let tui = try TUISession(width: 100, height: 30)
    try tui.waitFor("No data set open")
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
    tui.press("q")
    XCTAssertEqual(try tui.waitForExit(), 0)
  }

  func testCLocaleDrawsASCII() throws {
    let tui = try TUISession(width: 80, height: 24, lang: "C")
    let screen = try tui.waitFor("No data set open")
    XCTAssertTrue(screen.unicodeScalars.allSatisfy(\.isASCII), "non-ASCII in:\n\(screen)")
    XCTAssertTrue(screen.contains("+ Data set ---"), screen)
    tui.press("q")
    XCTAssertEqual(try tui.waitForExit(), 0)
  }

  func testNoColorUsesAttributesOnly() throws {
    let tui = try TUISession(environment: ["NO_COLOR": "1"])
    try tui.waitFor("No data set open")
    let attributes = tui.screenWithAttributes()
    XCTAssertFalse(attributes.contains("[38;") || attributes.contains("[48;"), "colour under NO_COLOR")
    XCTAssertNil(attributes.range(of: #"\[3[0-7]m"#, options: .regularExpression), "colour under NO_COLOR")
    XCTAssertTrue(attributes.contains("[7m") || attributes.contains(";7m"), "the current tab is in reverse video")
    tui.press("q")
    XCTAssertEqual(try tui.waitForExit(), 0)
  }

  func testEightColourTerminal() throws {
    let tui = try TUISession(term: "xterm")
    try tui.waitFor("No data set open")
    let attributes = tui.screenWithAttributes()
    XCTAssertFalse(attributes.contains("[38;5;"), "a 256-colour code on an 8-colour terminal")
    XCTAssertNotNil(attributes.range(of: #"\[3[0-7]m"#, options: .regularExpression), "no ANSI colour at all")
    tui.press("q")
    XCTAssertEqual(try tui.waitForExit(), 0)
  }

  func testClosedTerminalEndsTheProgram() throws {
    let tui = try TUISession()
    try tui.waitFor("No data set open")
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
    process.arguments = ["ui"]
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
}

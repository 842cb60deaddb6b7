import Foundation
import OncoStats
import OncoTestSupport
import XCTest

/// The workbench under what SSH sessions do to a terminal: a burst of resizes (a window dragged,
/// a tmux layout switched). A closed terminal and input at end of file are TUIWorkbenchTests'
/// `testClosedTerminalEndsTheProgram` (SIGHUP, then end of input: the process exits) and
/// `testWithoutATerminalItSaysWhatToDo` (stdin at EOF, not a terminal: refused, saying why).
final class TUISurvivalTests: XCTestCase {
  /// 300 resizes as fast as tmux sends them, down to 1×1 and up to 300×100, on every screen: the
  /// workbench keeps running, answers keys, and draws the whole frame at the final size.
  func testThreeHundredRapidResizesLeaveAWorkingFullFrame() throws {
    let tui = try TUISession(width: 100, height: 30)
    try tui.waitFor("q quit")
    var random = SeededGenerator(seed: 29)
    for k in 0..<300 {
      if k % 50 == 0 { tui.press(String(k / 50 + 1)) }  // screens 1…6
      let width = k % 37 == 0 ? 1 : 1 + random.nextInt(below: 300)
      let height = k % 41 == 0 ? 1 : 1 + random.nextInt(below: 100)
      tui.resize(width: width, height: height)
    }
    tui.resize(width: 90, height: 28)
    let screen = try tui.waitUntil("a full 90×28 frame") { screen in
      let lines = screen.split(separator: "\n", omittingEmptySubsequences: false)
      return lines.count >= 28 && lines[0].contains("6 Sessions") && lines[27].contains("q quit")
    }
    XCTAssertFalse(screen.contains("Terminal too small"), screen)
    XCTAssertEqual(tui.pid().map { kill($0, 0) == 0 }, true, "the workbench is running")
    tui.press("?")
    try tui.waitFor("? or Esc closes")
    tui.press("Escape")
    tui.press("q")
    XCTAssertEqual(try tui.waitForExit(), 0)
  }
}

import Foundation
import OncoTUI
import XCTest

/// The small widgets, each drawn alone.
final class WidgetSnapshotTests: XCTestCase {
  private let titles = ScreenID.allCases.map(\.title)

  func testTabBarShortensAsTheTerminalNarrows() {
    let wide = canvas(100, 1)
    TabBar(titles: titles, selected: 1, context: "demo-cohort · 600 faces").draw(on: wide.surface)
    XCTAssertTrue(wide.text.hasPrefix(" OncoFace "))
    XCTAssertTrue(wide.text.hasSuffix("demo-cohort · 600 faces "))
    let medium = canvas(64, 1)
    TabBar(titles: titles, selected: 1, context: "demo-cohort · 600 faces").draw(on: medium.surface)
    XCTAssertFalse(medium.text.contains("OncoFace"), "the name goes first")
    XCTAssertFalse(medium.text.contains("demo-cohort"), "a context that does not fit is left out")
    let narrow = canvas(40, 1)
    TabBar(titles: titles, selected: 3, context: "").draw(on: narrow.surface)
    XCTAssertTrue(narrow.text.contains("4 Mistakes"), "the current screen keeps its name")
    XCTAssertFalse(narrow.text.contains("Data"))
    for (c, name) in [(wide, "tabbar-100"), (medium, "tabbar-64"), (narrow, "tabbar-40")] {
      assertSnapshot(c, named: name, roles: true)
    }
  }

  func testKeyBarDropsMiddleEntriesButKeepsHelpAndQuit() {
    let bindings = [
      KeyBinding("?", "help"), KeyBinding("j/k", "move"), KeyBinding("/", "filter"),
      KeyBinding("o", "sort"), KeyBinding("q", "quit"),
    ]
    let c = canvas(30, 1)
    KeyBar(bindings).draw(on: c.surface)
    XCTAssertEqual(c.text.trimmingCharacters(in: .whitespaces), "? help  j/k move  q quit")
  }

  func testStatusLineWithAJob() {
    let job = JobProgress(
      title: "epoch 4/5", fraction: 0.62, imagesPerSecond: 118.4, secondsRemaining: 69,
      detail: "Sessions/20261127-074012-demo")
    let c = canvas(100, 1)
    StatusLine(job: job).draw(on: c.surface)
    XCTAssertTrue(c.text.contains(" 62%  118 img/s  ETA 1:09  Sessions/20261127-074012-demo"))
    let narrow = canvas(80, 1)
    StatusLine(job: job).draw(on: narrow.surface)
    XCTAssertTrue(
      narrow.text.contains(" 62%  118 img/s  ETA 1:09  Sessions/"), "the path is cut first")
    assertSnapshot(narrow, named: "status-job-80", roles: true)
    let answer = canvas(80, 1)
    StatusLine(
      job: job,
      message: StatusMessage("the form is locked while the run goes (x stops it)", role: .warn)
    )
    .draw(on: answer.surface)
    XCTAssertTrue(
      answer.text.hasPrefix(" the form is locked while the run goes (x stops it)"), answer.text)
    XCTAssertTrue(answer.text.hasSuffix("epoch 4/5 62% "), "the job stays in sight: \(answer.text)")
    let message = canvas(30, 1)
    StatusLine(message: StatusMessage("saved", role: .good)).draw(on: message.surface)
    XCTAssertEqual(message[1, 0].role, .good)
    XCTAssertEqual(StatusLine.clock(3725), "1:02:05")
  }

  func testGaugeUsesEighthBlocks() {
    let c = canvas(8, 2)
    Gauge(0.5 + 1.0 / 16).draw(on: c.surface, x: 0, y: 0, width: 8)  // 4.5 cells
    Gauge(2).draw(on: c.surface, x: 0, y: 1, width: 8)
    XCTAssertEqual(c.text, "████▌░░░\n████████")
    let ascii = canvas(8, 1, .asciiColour)
    Gauge(0.5).draw(on: ascii.surface, x: 0, y: 0, width: 8)
    XCTAssertEqual(ascii.text, "####....")
  }

  func testHelpOverlayListsEveryKey() {
    let c = canvas(80, 22)
    let screenKeys = DataScreen().keys
    HelpOverlay(sections: [
      .init("Everywhere", Workbench.globalKeys), .init("1 · Data", screenKeys),
    ])
    .draw(on: c.surface)
    for binding in Workbench.globalKeys + screenKeys {
      XCTAssertTrue(c.text.contains(binding.help), "missing: \(binding.help)")
    }
    assertSnapshot(c, named: "help-overlay-80x22")
  }

  func testConfirmDialog() {
    let c = canvas(60, 9)
    ConfirmDialog(
      title: "Quit?", message: ["A job is running (preparing 3/120)."],
      choices: [KeyBinding("s", "stop it and quit"), KeyBinding("Esc", "stay")]
    )
    .draw(on: c.surface)
    assertSnapshot(c, named: "confirm-dialog-60x9")
  }

  func testGroupedBars() {
    let c = canvas(44, 4)
    GroupedBars(
      binTitle: "age", bins: ["<40", "40–59", "60+"],
      groups: [("case", [9, 7, 4]), ("control", [8, 8, 0])]
    ).draw(on: c.surface)
    XCTAssertTrue(c.text.contains(" 0"), "an empty bin shows its zero")
    assertSnapshot(c, named: "grouped-bars-44x4", roles: true)
  }

  func testNoticeWrapsAndIndents() {
    XCTAssertEqual(Notice.wrap("one two three four", width: 9), ["one two", "three", "four"])
    XCTAssertEqual(Notice.wrap("  a b c d", width: 5), ["  a b", "  c d"])
  }
}

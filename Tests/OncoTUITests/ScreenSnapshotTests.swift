import OncoTUI
import XCTest

/// Every screen drawn by the whole workbench (tab bar, status line, key bar included) into the
/// in-memory canvas, at the two sizes people use, filled and empty, and in the fallbacks.
final class ScreenSnapshotTests: XCTestCase {
  private func frame(
    _ screen: ScreenID, _ width: Int, _ height: Int, _ capabilities: Capabilities = .full,
    workbench: Workbench = Samples.workbench
  ) -> MemoryCanvas {
    var w = workbench
    w.select(screen)
    let c = canvas(width, height, capabilities)
    w.draw(on: c)
    return c
  }

  func testEveryScreenFilledAt100x30() {
    for screen in ScreenID.allCases {
      assertSnapshot(frame(screen, 100, 30), named: "screen-\(screen.title.lowercased())-100x30")
    }
  }

  func testEveryScreenFilledAt80x24() {
    for screen in ScreenID.allCases {
      assertSnapshot(frame(screen, 80, 24), named: "screen-\(screen.title.lowercased())-80x24")
    }
  }

  func testEveryScreenEmptyAt80x24() {
    for screen in ScreenID.allCases {
      assertSnapshot(
        frame(screen, 80, 24, workbench: Workbench()),
        named: "screen-\(screen.title.lowercased())-empty-80x24")
    }
  }

  func testASCIIFallbackDrawsOnlyASCII() {
    for screen in [ScreenID.data, .train, .roc] {
      let c = frame(screen, 80, 24, .asciiColour)
      XCTAssertTrue(
        c.text.unicodeScalars.allSatisfy(\.isASCII), "\(screen) has non-ASCII characters")
      assertSnapshot(c, named: "screen-\(screen.title.lowercased())-ascii-80x24")
    }
  }

  func testMonochromeTrainScreenRoles() {
    assertSnapshot(
      frame(.train, 80, 24, .monochromeUTF8), named: "screen-train-monochrome-80x24", roles: true)
  }

  func testCohortPanelFormThenReport() {
    var w = Samples.workbench
    w.job = nil
    w.data.cohort = CohortPanel(
      form: CohortPanel.form(
        dataSet: "demo-cohort", labels: ["case", "control"],
        output: "Sessions/cohorts/demo-cohort/cohort.csv"))
    _ = w.handle(.character("c"))
    XCTAssertTrue(w.data.cohort.isOpen)
    XCTAssertEqual(w.handle(.right), [], "←/→ steps through the data set's labels")
    XCTAssertEqual(w.data.cohort.form["cases"], "demo-cohort: label control")
    _ = w.handle(.left)
    assertSnapshot(frame(.data, 80, 24, workbench: w), named: "cohort-form-80x24")
    guard case .action(.buildCohort(let values)) = w.handle(.character("s")).first else {
      return XCTFail("s does not build")
    }
    XCTAssertEqual(values["cases"], "demo-cohort: label case")
    XCTAssertEqual(values["pool"], "demo-cohort: label control")
    XCTAssertEqual(values["out"], "Sessions/cohorts/demo-cohort/cohort.csv")
    XCTAssertEqual(w.data.cohort.stage, .building)
    w.data.cohort.stage = .report(Samples.cohortReport)
    let report = frame(.data, 80, 24, workbench: w)
    XCTAssertTrue(report.text.contains("SMD -0.032"), report.text)
    assertSnapshot(report, named: "cohort-report-80x24")
    XCTAssertEqual(
      w.handle(.character("o")),
      [.action(.openDataSet("/work/Sessions/cohorts/demo-cohort/cohort.csv"))])
    XCTAssertFalse(w.data.cohort.isOpen)
  }

  func testMistakeWhileItsGradCAMIsComputed() {
    var w = Samples.workbench
    w.select(.mistakes)
    _ = w.handle(.character("j"))
    XCTAssertEqual(w.mistakes.current?.camStatus, .computing)
    assertSnapshot(
      frame(.mistakes, 100, 30, workbench: w), named: "screen-mistakes-computing-100x30")
  }

  func testTooSmallTerminalShowsOnlyTheMessage() {
    let c = frame(.data, 20, 5)
    XCTAssertTrue(c.text.contains("Terminal too small"))
    XCTAssertTrue(c.text.contains("20×5"))
    assertSnapshot(c, named: "too-small-20x5")
  }
}

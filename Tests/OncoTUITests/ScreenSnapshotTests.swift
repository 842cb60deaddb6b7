import OncoTUI
import XCTest

/// Every screen drawn by the whole workbench (tab bar, status line, key bar included) into the
/// in-memory canvas, at the two sizes people use, filled and empty, and in the fallbacks.
final class ScreenSnapshotTests: XCTestCase {
  private func frame(_ screen: ScreenID, _ width: Int, _ height: Int, _ capabilities: Capabilities = .full,
                     workbench: Workbench = Samples.workbench) -> MemoryCanvas {
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
      assertSnapshot(frame(screen, 80, 24, workbench: Workbench()),
                     named: "screen-\(screen.title.lowercased())-empty-80x24")
    }
  }

  func testASCIIFallbackDrawsOnlyASCII() {
    for screen in [ScreenID.data, .train, .roc] {
      let c = frame(screen, 80, 24, .asciiColour)
      XCTAssertTrue(c.text.unicodeScalars.allSatisfy(\.isASCII), "\(screen) has non-ASCII characters")
      assertSnapshot(c, named: "screen-\(screen.title.lowercased())-ascii-80x24")
    }
  }

  func testMonochromeTrainScreenRoles() {
    assertSnapshot(frame(.train, 80, 24, .monochromeUTF8), named: "screen-train-monochrome-80x24", roles: true)
  }

  func testTooSmallTerminalShowsOnlyTheMessage() {
    let c = frame(.data, 20, 5)
    XCTAssertTrue(c.text.contains("Terminal too small"))
    XCTAssertTrue(c.text.contains("20×5"))
    assertSnapshot(c, named: "too-small-20x5")
  }
}

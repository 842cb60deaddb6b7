import Dispatch
import XCTest

@testable import OncoTUI

/// Keys as a person presses them, and what the workbench does with them.
final class WorkbenchTests: XCTestCase {
  private func press(_ keys: [Key], on workbench: inout Workbench) -> [Workbench.Effect] {
    keys.flatMap { workbench.handle($0) }
  }

  func testNumberKeysAndTabSwitchScreens() {
    var w = Workbench()
    _ = w.handle(.character("3"))
    XCTAssertEqual(w.current, .roc)
    _ = w.handle(.tab)
    XCTAssertEqual(w.current, .mistakes)
    _ = w.handle(.backTab)
    _ = w.handle(.backTab)
    XCTAssertEqual(w.current, .train)
    _ = w.handle(.character("1"))
    _ = w.handle(.backTab)
    XCTAssertEqual(w.current, .sessions, "Shift-Tab wraps around")
  }

  func testHelpOverlayOpensAndAnyKeyClosesIt() {
    var w = Samples.workbench
    _ = w.handle(.character("?"))
    XCTAssertEqual(w.overlay, .help)
    let c = canvas(100, 30)
    w.draw(on: c)
    XCTAssertTrue(c.text.contains("Keys"))
    XCTAssertTrue(c.text.contains("filter the rows"))
    _ = w.handle(.character("5"))
    XCTAssertNil(w.overlay)
    XCTAssertEqual(w.current, .data, "the key that closes the overlay does nothing else")
  }

  func testQuitIsImmediateWithoutAJob() {
    var w = Workbench()
    XCTAssertEqual(w.handle(.character("q")), [.quit(.immediately)])
  }

  func testQuitWhileTrainingOffersHeadlessOrStop() {
    var w = Samples.workbench
    XCTAssertTrue(w.isJobRunning)
    XCTAssertEqual(w.handle(.character("q")), [])
    guard case .confirmQuit(let dialog) = w.overlay else { return XCTFail("no confirmation") }
    XCTAssertTrue(dialog.message.joined().contains("epoch 5/6"))
    XCTAssertEqual(dialog.choices.map(\.keys), ["h", "s", "Esc"])
    XCTAssertEqual(w.handle(.character("2")), [], "other keys wait for an answer")
    XCTAssertEqual(w.current, .data)
    XCTAssertEqual(w.handle(.escape), [])
    XCTAssertNil(w.overlay, "Esc stays")
    _ = w.handle(.character("q"))
    XCTAssertEqual(w.handle(.character("h")), [.quit(.continueHeadless)])
    XCTAssertEqual(w.handle(.character("s")), [.quit(.stopJob)])
    let c = canvas(80, 24)
    w.draw(on: c)
    XCTAssertTrue(
      c.text.contains("keep training headless") && c.text.contains("stop the run and quit"), c.text)
    assertSnapshot(c, named: "quit-while-training-80x24")
  }

  func testAPreparationCanOnlyStop() {
    var w = Workbench()
    w.job = JobProgress(title: "preparing 3/120", fraction: 0.025)
    _ = w.handle(.character("q"))
    guard case .confirmQuit(let dialog) = w.overlay else { return XCTFail("no confirmation") }
    XCTAssertEqual(dialog.choices.map(\.keys), ["s", "Esc"])
    XCTAssertEqual(w.handle(.character("h")), [], "only training runs go on headless")
    XCTAssertEqual(w.handle(.character("s")), [.quit(.stopJob)])
  }

  func testSecondInterruptWhileAskingQuits() {
    var w = Samples.workbench
    XCTAssertEqual(w.interrupt(), [])
    XCTAssertEqual(w.interrupt(), [.quit(.stopJob)])
  }

  func testTypingAFilterCapturesDigitsAndQ() {
    var w = Samples.workbench
    let effects = press(
      [.character("/"), .character("q"), .character("2"), .character("?")], on: &w)
    XCTAssertEqual(effects, [])
    XCTAssertEqual(w.current, .data)
    XCTAssertNil(w.overlay)
    XCTAssertEqual(w.data.table.filter, "q2?")
    _ = press([.escape, .character("2")], on: &w)
    XCTAssertEqual(w.current, .train)
  }

  func testMovingTheDataSelectionAsksForThePreview() {
    var w = Samples.workbench
    XCTAssertEqual(w.handle(.down), [.action(.loadPreview(id: "d0002"))])
    XCTAssertEqual(w.data.selectedFace?.id, "d0002")
    XCTAssertEqual(w.handle(.character("m")), [])
    XCTAssertTrue(w.data.showMasked)
  }

  func testUnknownKeySaysSoOnTheStatusLine() {
    var w = Workbench()
    _ = w.handle(.character("z"))
    XCTAssertEqual(w.message?.text, "z does nothing on this screen · ? lists every key")
  }

  func testTrainingStartsWithTheFormValuesOnlyWithData() {
    var w = Workbench()
    _ = w.handle(.character("2"))
    _ = w.handle(.character("s"))
    XCTAssertEqual(w.message?.text, "open a data set first (screen 1)")
    w.train.model.hasData = true
    _ = press([.down, .down, .right], on: &w)  // epochs 5 → 6
    guard case .action(.startTraining(let values)) = w.handle(.character("s")).first else {
      return XCTFail("no start")
    }
    XCTAssertEqual(values["epochs"], "6")
    XCTAssertEqual(values["model"], "dlib-face")
    XCTAssertEqual(values.count, TrainScreen.defaultForm.fields.count)
  }

  func testRunningTrainingLocksTheFormAndStops() {
    var w = Samples.workbench
    _ = w.handle(.character("2"))
    _ = w.handle(.right)
    XCTAssertEqual(w.train.model.form["model"], "dlib-face")
    XCTAssertEqual(w.message?.role, .warn)
    XCTAssertEqual(w.handle(.character("x")), [.action(.stopTraining)])
  }

  func testROCThresholdCursorMovesAndYoudenResets() {
    var w = Samples.workbench
    _ = w.handle(.character("3"))
    let youden = w.roc.cursorIndex!
    _ = press([.right, .right], on: &w)
    XCTAssertEqual(w.roc.cursorIndex, youden + 2)
    let c = canvas(100, 30)
    w.draw(on: c)
    let threshold = w.roc.model!.curves[0].points[youden + 2].threshold
    XCTAssertTrue(c.text.contains(String(format: "At threshold %.3f", threshold)))
    _ = w.handle(.character("y"))
    XCTAssertEqual(w.roc.cursorIndex, youden)
    _ = w.handle(.character("v"))
    XCTAssertEqual(w.roc.selected, 1)
  }

  func testROCConfusionMatrixAtTheCursor() {
    // 45 positives and 45 negatives: at tpr 0.8, fpr 0.2 → TP 36, FN 9, FP 9, TN 36.
    var roc = RocScreen(
      model: RocScreen.Model(curves: [
        RocScreen.Curve(
          name: "test",
          points: [
            .init(fpr: 0, tpr: 0, threshold: 1), .init(fpr: 0.2, tpr: 0.8, threshold: 0.5),
            .init(fpr: 1, tpr: 1, threshold: 0),
          ], auc: 0.8, positives: 45, negatives: 45)
      ]))
    XCTAssertEqual(roc.cursorIndex, 1, "Youden's J is largest at the middle point")
    let c = canvas(80, 22)
    roc.draw(on: c.surface)
    XCTAssertTrue(c.text.contains("sensitivity 0.800"))
    XCTAssertTrue(c.text.contains("specificity 0.800"))
    XCTAssertTrue(c.text.contains(" case            36        9"), c.text)
    XCTAssertTrue(c.text.contains(" control          9       36"), c.text)
  }

  func testMistakesFilterAndSort() {
    var w = Samples.workbench
    _ = w.handle(.character("4"))
    XCTAssertEqual(w.mistakes.visible.count, 5)
    _ = w.handle(.character("f"))
    XCTAssertEqual(w.mistakes.visible.map(\.id), ["d0412", "d0077", "d0330"], "false negatives")
    _ = w.handle(.character("f"))
    XCTAssertEqual(w.mistakes.visible.map(\.id), ["d0519", "d0203"], "false positives")
    _ = w.handle(.character("f"))
    _ = w.handle(.character("o"))
    XCTAssertEqual(w.mistakes.visible.first?.id, "d0203", "p 0.93 is the most confident mistake")
  }

  func testGradCAMIsAskedForOnceWhenAFaceWithoutOneIsShown() {
    var w = Samples.workbench
    XCTAssertEqual(w.handle(.character("4")), [], "the first mistake has its Grad-CAM")
    XCTAssertEqual(w.handle(.character("j")), [.action(.computeCAM(id: "d0077", asked: false))])
    XCTAssertEqual(w.mistakes.current?.camStatus, .computing)
    XCTAssertEqual(w.handle(.character("k")), [])
    XCTAssertEqual(w.handle(.character("j")), [], "asked once: it is being computed")
    _ = w.handle(.character("j"))  // d0519, asked for too
    // The backend dropped d0077's request for the newer one: shown again, it is asked again.
    w.mistakes.setCamStatus(.missing, of: "d0077")
    XCTAssertEqual(w.handle(.character("k")), [.action(.computeCAM(id: "d0077", asked: false))])
    XCTAssertEqual(w.handle(.character("c")).count, 1)
    XCTAssertEqual(w.message?.text, "the Grad-CAM of d0077 is being computed")

    let c = canvas(100, 30)
    w.draw(on: c)
    XCTAssertTrue(c.text.contains("computing Grad-CAM…"), c.text)
    w.mistakes.setCam(
      MistakesScreen.CamView(
        overlay: Samples.heat(), regionShares: [("skin", 0.6), ("nose", 0.4)],
        paths: ["S/cam/d0077-overlay.png", "S/cam/d0077-gradcam.png"]),
      of: "d0077")
    XCTAssertEqual(
      w.mistakes.current?.id, "d0077", "a Grad-CAM arriving keeps the place in the list")
    w.draw(on: c)
    XCTAssertFalse(c.text.contains("computing Grad-CAM…"))
    XCTAssertTrue(c.text.contains("skin 60% · nose 40%"), c.text)
    XCTAssertTrue(
      c.text.contains("S/cam/d0077-overlay.png") && c.text.contains("…-gradcam.png"), c.text)

    XCTAssertEqual(
      w.handle(.character("c")), [.action(.computeCAM(id: "d0077", asked: true))], "c recomputes")
    w.draw(on: c)
    XCTAssertTrue(
      c.text.contains("computing Grad-CAM…"), "the old maps are gone while it recomputes")
    w.mistakes.setCamStatus(.failed("model.safetensors is missing"), of: "d0077")
    w.draw(on: c)
    XCTAssertTrue(
      c.text.contains("model.safetensors is missing") && c.text.contains("c tries again"), c.text)
  }

  func testSessionsCompareNeedsAMarkedSession() {
    var w = Samples.workbench
    _ = w.handle(.character("6"))
    _ = w.handle(.character("c"))
    XCTAssertEqual(w.message?.role, .warn)
    _ = press([.character(" "), .down], on: &w)
    XCTAssertEqual(
      w.handle(.character("c")),
      [
        .action(
          .compareSessions("Sessions/20261127-074012-demo", "Sessions/20261126-181500-sex-proxy"))
      ])
    XCTAssertEqual(w.handle(.enter), [.action(.openSession("Sessions/20261126-181500-sex-proxy"))])
  }

  func testFrameFitsEveryTerminalSizeDownToTheMinimum() {
    var w = Samples.workbench
    for screen in ScreenID.allCases {
      w.select(screen)
      for (width, height) in [(60, 16), (61, 17), (73, 20), (100, 30), (160, 50)] {
        let c = canvas(width, height)
        w.draw(on: c)
        let lines = c.text.split(separator: "\n", omittingEmptySubsequences: false)
        XCTAssertEqual(lines.count, height)
        XCTAssertTrue(lines[0].contains(screen.title), "\(screen) \(width)×\(height): no tab")
        XCTAssertTrue(
          lines[height - 1].contains("q quit"), "\(screen) \(width)×\(height): no key bar")
        XCTAssertFalse(c.text.contains("Terminal too small"))
      }
    }
  }

  func testEventInboxCoalescesABurstIntoOneDrain() {
    let inbox = EventInbox<Int>()
    let scheduled = Counter()
    DispatchQueue.concurrentPerform(iterations: 200) { _ in
      if inbox.add({ $0 += 1 }) { scheduled.increment() }
    }
    XCTAssertEqual(scheduled.value, 1, "only the first of a burst schedules a drain")
    var state = 0
    for update in inbox.takeAll() { update(&state) }
    XCTAssertEqual(state, 200, "no update is lost")
    XCTAssertTrue(inbox.add({ $0 += 1 }), "after a drain the next update schedules again")
  }
}

private final class Counter: @unchecked Sendable {
  private let lock = NSLock()
  private var count = 0
  var value: Int {
    lock.lock()
    defer { lock.unlock() }
    return count
  }
  func increment() {
    lock.lock()
    count += 1
    lock.unlock()
  }
}

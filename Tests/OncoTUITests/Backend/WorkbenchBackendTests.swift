import Foundation
import OncoData
import OncoFace
import OncoTestSupport
import OncoWorkbench
import XCTest

@testable import OncoTUI

/// The backend's background work against real files: Grad-CAM on demand for a small trained
/// session, and a matched cohort built from the open data set.
final class WorkbenchBackendTests: XCTestCase {
  private var root: URL!

  override func setUpWithError() throws {
    root = try TestPaths.temporaryDirectory("tui-backend")
  }

  override func tearDownWithError() throws {
    try? FileManager.default.removeItem(at: root)
  }

  /// A demo cohort of `count` faces (a prepared folder with landmarks).
  private func demo(count: Int = 48) throws -> URL {
    try DemoCohort.ensure(
      at: root.appendingPathComponent("demo"), options: DemoOptions(count: count))
  }

  /// One epoch of dlib-face (frozen backbone) on the demo, with the first three test predictions
  /// turned into mistakes (their labels flipped) so Mistakes has faces to explain.
  private func trainedSession(on data: URL) throws -> SessionFolder {
    do { _ = try PretrainedModel.dlibFace() } catch {
      throw XCTSkip("dlib's face ResNet is not in Assets/models: run `make deps` (\(error))")
    }
    var config = TrainingConfig(input: data.path)
    config.epochs = 1
    config.batchSize = 16
    let job = TrainingJob(
      config: config, name: "cam",
      store: SessionStore(root: root.appendingPathComponent("Sessions")),
      deliverOn: DispatchQueue(label: "test.events")
    ) { _ in }
    job.start()
    guard case .finished(let summary) = job.waitUntilDone() else {
      throw XCTSkip("training did not finish")
    }
    var predictions = try Prediction.read(summary.session.predictionsFile)
    let test = predictions.indices.filter { predictions[$0].split == .test }
    XCTAssertGreaterThanOrEqual(test.count, 3)
    for i in test.prefix(3) {
      predictions[i].label = predictions[i].label == "case" ? "control" : "case"
      predictions[i].correct = false
    }
    for i in test.dropFirst(3) { predictions[i].correct = true }
    for i in test.dropFirst(3)
    where (predictions[i].probability >= 0.5) != (predictions[i].label == "case") {
      predictions[i].label = predictions[i].label == "case" ? "control" : "case"
    }
    try Prediction.write(predictions, to: summary.session.predictionsFile)
    return summary.session
  }

  func testGradCAMOfAMistakeIsComputedInTheBackgroundAndStaleRequestsAreDropped() throws {
    let data = try demo()
    let session = try trainedSession(on: data)
    let sink = Collector()
    let sessions = root.appendingPathComponent("Sessions")
    try MainActor.assumeIsolated {
      let backend = WorkbenchBackend(options: .init(data: data, sessions: sessions), sink: sink)
      backend.start()
      serveMainQueue(until: "the session's mistakes") {
        sink.workbench.mistakes.model?.mistakes.count == 3
      }
      let ids = sink.workbench.mistakes.model!.mistakes.map(\.id)
      XCTAssertTrue(
        sink.workbench.mistakes.model!.mistakes.allSatisfy { $0.cam == nil }, "no maps saved yet")

      // Showing the screen asks for the first face's maps; the answer comes on the main queue.
      let effects = sink.change { w -> [Workbench.Effect] in
        w.select(.mistakes)
        return w.screenWants()
      }
      XCTAssertEqual(effects, [.action(.computeCAM(id: ids[0], asked: false))])
      XCTAssertEqual(sink.workbench.mistakes.current?.camStatus, .computing)
      for case .action(let action) in effects { backend.perform(action) }
      serveMainQueue(until: "the first Grad-CAM") {
        sink.workbench.mistakes.current?.camStatus == .ready
      }
      let first = try XCTUnwrap(sink.workbench.mistakes.current)
      let files = CamFiles(session: session, id: ids[0])
      XCTAssertTrue(files.exist, "overlay, Grad-CAM and guided PNGs are saved in the session")
      XCTAssertEqual(first.cam?.width, 150)
      XCTAssertEqual(first.paths.count, 3)
      XCTAssertTrue(first.paths[0].hasSuffix("cam/\(ids[0])-overlay.png"), first.paths[0])

      // The shares read back from the saved 8-bit map agree with the engine's own.
      let explainer = try SessionExplainer(session: session)
      let prediction = try Prediction.read(session.predictionsFile).first { $0.id == ids[0] }!
      let exact = try XCTUnwrap(
        explainer.maps(for: [prediction], explaining: .predicted).maps.first?.shares)
      XCTAssertEqual(first.regionShares.map(\.0), FaceRegion.allCases.map(\.name))
      for (name, share) in first.regionShares {
        let region = FaceRegion.allCases.first { $0.name == name }!
        XCTAssertEqual(share, exact[region]!, accuracy: 0.01, name)
      }

      // Three requests at once: the one in flight finishes, the newest waiting one replaces the
      // older, which goes back to missing (to be asked again when shown).
      sink.post { $0.mistakes.setCamStatus(.computing, of: ids[1]) }
      backend.perform(.computeCAM(id: ids[0], asked: false))
      backend.perform(.computeCAM(id: ids[1], asked: false))
      backend.perform(.computeCAM(id: ids[2], asked: false))
      serveMainQueue(until: "the newest request") { sink.mistake(ids[2])?.camStatus == .ready }
      XCTAssertEqual(sink.mistake(ids[1])?.camStatus, .missing)
      XCTAssertFalse(
        CamFiles(session: session, id: ids[1]).exist, "a dropped request computes nothing")

      // c: the maps are made again.
      let before =
        try FileManager.default.attributesOfItem(atPath: files.overlay.path)[.modificationDate]
        as? Date
      sink.post { $0.mistakes.setCamStatus(.computing, of: ids[0]) }
      backend.perform(.computeCAM(id: ids[0], asked: true))
      serveMainQueue(until: "the recomputed Grad-CAM") { sink.mistake(ids[0])?.camStatus == .ready }
      let after =
        try FileManager.default.attributesOfItem(atPath: files.overlay.path)[.modificationDate]
        as? Date
      XCTAssertGreaterThan(try XCTUnwrap(after), try XCTUnwrap(before))
    }
  }

  func testMatchedCohortFromTheOpenDataSetIsWrittenReportedAndOpened() throws {
    let data = try demo(count: 40)
    let root: URL = self.root
    let sink = Collector()
    let sessions = root.appendingPathComponent("Sessions")
    let out = root.appendingPathComponent("cohorts/demo/cohort.csv")
    MainActor.assumeIsolated {
      let backend = WorkbenchBackend(options: .init(data: data, sessions: sessions), sink: sink)
      backend.start()
      serveMainQueue(until: "the data set") { sink.workbench.data.model != nil }
      let form = sink.workbench.data.cohort.form
      XCTAssertEqual(
        form["cases"], "demo: label case", "cases default to the positive label's rows")
      XCTAssertEqual(form["pool"], "demo: label control")

      // A pool that does not exist: the form comes back with the reason.
      var values = [
        "cases": "demo: label case", "pool": root.appendingPathComponent("none.csv").path,
        "ratio": "1", "age-bin": "5", "seed": "1", "out": out.path,
      ]
      backend.perform(.buildCohort(values))
      serveMainQueue(until: "the failure") { sink.workbench.data.cohort.error != nil }
      XCTAssertEqual(sink.workbench.data.cohort.stage, .form)
      XCTAssertTrue(
        sink.workbench.data.cohort.error!.contains("none.csv"), sink.workbench.data.cohort.error!)
      XCTAssertFalse(FileManager.default.fileExists(atPath: out.path))

      values["pool"] = "demo: label control"
      backend.perform(.buildCohort(values))
      serveMainQueue(until: "the report") {
        if case .report = sink.workbench.data.cohort.stage { return true } else { return false }
      }
      guard case .report(let report) = sink.workbench.data.cohort.stage else { return }
      let written = try? Manifest.load(out)
      let rows = written?.rows ?? []
      let cases = rows.filter { $0.label == "case" }.count
      let controls = rows.filter { $0.label == "control" }.count
      XCTAssertEqual(cases, 20, "every case of the demo")
      XCTAssertTrue((1...20).contains(controls), "at most 1:1 from the 20 controls: \(controls)")
      XCTAssertEqual(report.title, "Matched cohort · \(cases) cases, \(controls) controls")
      XCTAssertEqual(report.lines.first, "1:1, sex x 5-year age bins, seed 1")
      XCTAssertEqual(report.cohort.path, out.path)
      for name in ["balance.csv", "balance.txt"] {
        XCTAssertTrue(
          FileManager.default.fileExists(
            atPath: out.deletingLastPathComponent().appendingPathComponent(name).path))
      }
      let ageLine = report.lines.first { $0.hasPrefix("Age:") } ?? ""
      XCTAssertEqual(report.balanced, ageLine.contains("(balanced"), ageLine)
      XCTAssertFalse(
        report.lines.contains { $0.hasPrefix("Age histogram") }, "the Balance panel shows the ages")

      // o: the cohort opens as the data set.
      backend.perform(.openDataSet(report.cohort.path))
      serveMainQueue(until: "the cohort to open") { sink.workbench.data.model?.name == "cohort" }
      XCTAssertEqual(sink.workbench.data.model?.faces.count, cases + controls)
    }
  }
}

/// Serves the main queue until `condition` holds (the backend delivers on it).
private func serveMainQueue(
  until what: String, timeout: TimeInterval = 120, file: StaticString = #filePath,
  line: UInt = #line,
  _ condition: () -> Bool
) {
  let deadline = Date().addingTimeInterval(timeout)
  while !condition() {
    guard Date() < deadline else {
      return XCTFail("timed out waiting for \(what)", file: file, line: line)
    }
    RunLoop.main.run(until: Date().addingTimeInterval(0.02))
  }
}

/// A sink that applies every change at once, under a lock (the backend posts from several queues).
private final class Collector: WorkbenchSink, @unchecked Sendable {
  private let lock = NSLock()
  private var value = Workbench()

  func post(_ update: @escaping @Sendable (inout Workbench) -> Void) {
    lock.withLock { update(&value) }
  }

  var workbench: Workbench { lock.withLock { value } }

  func change<T>(_ body: (inout Workbench) -> T) -> T { lock.withLock { body(&value) } }

  func mistake(_ id: String) -> MistakesScreen.Mistake? {
    workbench.mistakes.model?.mistakes.first { $0.id == id }
  }
}

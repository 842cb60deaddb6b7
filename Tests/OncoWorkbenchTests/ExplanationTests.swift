import Foundation
import OncoData
import OncoFace
import OncoImage
import OncoNN
import OncoStats
import OncoTestSupport
import XCTest

@testable import OncoWorkbench

/// `oncoface cam`'s library side on a small trained session, and its pieces on known values.
final class ExplanationTests: XCTestCase {
  /// A trained session on the synthetic prepared folder, with template landmarks for every chip.
  static func trainedSession(in root: URL) throws -> SessionFolder {
    try SyntheticPreparedFolder.requireModel()
    let data = root.appendingPathComponent("Prepared")
    try SyntheticPreparedFolder.write(to: data)
    var csv = CSVWriter(header: PreparedFolder.landmarksHeader)
    let face = templateFace()
    for i in 0..<48 {
      csv.append([String(format: "s%03d", i)] + face.flattened.map { String(format: "%.3f", $0) })
    }
    try csv.write(to: data.appendingPathComponent("landmarks.csv"))
    let collector = TrainingJobTests.Collector()
    let job = TrainingJob(
      config: SyntheticPreparedFolder.config(data, epochs: 3), name: "cam",
      store: SessionStore(root: root.appendingPathComponent("Sessions")),
      deliverOn: collector.queue, handler: collector.handle)
    job.start()
    guard case .finished(let summary) = job.waitUntilDone() else {
      throw XCTSkip("training did not finish")
    }
    return summary.session
  }

  /// dlib's chip template (landmarks 17–67) with a half-ellipse jaw line.
  static func templateFace() -> FaceLandmarks {
    let template = FaceChipTemplate()
    let s = 150 / 1.5
    let p = 0.25
    let jaw = (0...16).map { i -> Point in
      let t = Double.pi * Double(i) / 16
      return Point(x: (p + 0.49 - 0.5 * cos(t)) * s, y: (p + 0.2 + 0.8 * sin(t)) * s)
    }
    return FaceLandmarks(points: jaw + (17...67).map(template.position(ofLandmark:)))
  }

  func testExportWritesEveryFileAndSkipsAnUnreadableChip() throws {
    let root = try TestPaths.temporaryDirectory("cam")
    defer { try? FileManager.default.removeItem(at: root) }
    let session = try Self.trainedSession(in: root)
    var predictions = try Prediction.read(session.predictionsFile)
    // Two test faces flipped to "wrong" (so there are mistakes to show), one chip removed.
    let test = predictions.indices.filter { predictions[$0].split == .test }
    XCTAssertGreaterThanOrEqual(test.count, 6)
    for i in test.prefix(2) {
      predictions[i].label = predictions[i].label == "case" ? "control" : "case"
      predictions[i].correct.toggle()
    }
    try Prediction.write(predictions, to: session.predictionsFile)
    let gone = predictions[test[5]]
    try FileManager.default.removeItem(atPath: gone.chip)

    var notes: [String] = []
    let summary = try CamExport.run(
      session: session, options: CamOptions(), log: { notes.append($0) })
    let wrong = predictions.filter { $0.split == .test && !$0.correct }
    XCTAssertEqual(summary.testFaces, test.count)
    XCTAssertEqual(
      summary.failures.count,
      summary.failures.filter {
        if case .unreadableChip(let id, _, _) = $0 { return id == gone.id } else { return false }
      }.count)
    XCTAssertGreaterThanOrEqual(summary.failures.count, 1)
    XCTAssertTrue(notes.contains { $0.contains(gone.id) && $0.contains("cannot read its chip") })
    XCTAssertEqual(summary.misclassified, wrong.count)
    let selected = CamExport.select(predictions, options: CamOptions(), seed: 1)
      .filter { $0.id != gone.id }
    XCTAssertEqual(summary.written, selected.count)
    for p in selected {
      let files = CamFiles(session: session, id: p.id)
      XCTAssertTrue(files.exist, p.id)
      let overlay = try RGBImage(contentsOf: files.overlay.path)
      XCTAssertEqual(overlay.width, 150)
    }
    // cam.csv: one row per face, shares adding up to 1 (or 0 for an all-zero map).
    let cam = try CSVFile(contentsOf: session.camFolder.appendingPathComponent("cam.csv"))
    XCTAssertEqual(
      cam.header,
      [
        "id", "label", "probability", "predicted", "skin", "forehead", "eyes", "brows", "nose",
        "mouth", "outside",
      ])
    XCTAssertEqual(Set(cam.records.map { $0.fields[0] }), Set(selected.map(\.id)))
    for record in cam.records {
      let shares = record.fields[4...].map { Double($0)! }
      let sum = shares.reduce(0, +)
      XCTAssertTrue(abs(sum - 1) < 1e-4 || sum == 0, "\(record.fields)")
      let p = selected.first { $0.id == record.fields[0] }!
      XCTAssertEqual(record.fields[3], p.probability >= 0.5 ? "case" : "control")
    }
    // Region table, class averages.
    let table = try XCTUnwrap(summary.regionTable)
    XCTAssertEqual(table.columns.map(\.label), ["case", "control"])
    XCTAssertEqual(table.columns.map(\.count).reduce(0, +), test.count - 1)
    for name in [
      "regions.csv", "regions.txt", "average-case.png", "average-control.png",
      "average-maps.png",
    ] {
      XCTAssertTrue(
        FileManager.default.fileExists(atPath: session.camFolder.appendingPathComponent(name).path),
        name)
    }
  }

  /// The maps a session explainer gives carry the session's own probabilities, and on-demand
  /// requests write the same files once.
  func testOnDemandMapsAreWrittenOnceAndMatchTheSessionsPrediction() throws {
    let root = try TestPaths.temporaryDirectory("cam-on-demand")
    defer { try? FileManager.default.removeItem(at: root) }
    let session = try Self.trainedSession(in: root)
    let prediction = try XCTUnwrap(
      Prediction.read(session.predictionsFile).first { $0.split == .test })
    let explainer = try SessionExplainer(session: session)
    let chip = try explainer.chip(of: prediction)
    let scores = try GradCAM(network: explainer.model.network)
      .explain(explainer.model.input([chip]), guided: false)[0]
    XCTAssertEqual(Double(scores.probabilities[1]), prediction.probability, accuracy: 1e-5)

    let cams = CamOnDemand(session: session)
    XCTAssertNil(cams.existingFiles(for: prediction))
    let done = expectation(description: "maps")
    let box = ResultBox()
    cams.request(prediction) { result in
      box.set(result)
      done.fulfill()
    }
    wait(for: [done], timeout: 60)
    let files = try XCTUnwrap(box.value).get()
    XCTAssertTrue(files.exist)
    let written = try FileManager.default.attributesOfItem(atPath: files.gradCAM.path)[
      .modificationDate]
    XCTAssertEqual(try cams.files(forWaiting: prediction).gradCAM.path, files.gradCAM.path)
    XCTAssertEqual(
      try FileManager.default.attributesOfItem(atPath: files.gradCAM.path)[.modificationDate]
        as? Date, written as? Date, "existing maps are not computed again")
    // A face whose chip is gone fails alone, with its id.
    var missing = prediction
    missing.id = "nochip"
    missing.chip = root.appendingPathComponent("nochip.png").path
    XCTAssertThrowsError(try cams.files(forWaiting: missing)) {
      XCTAssertTrue("\($0)".contains("face nochip"), "\($0)")
    }
  }

  /// The overlay keeps R, G, B in order: a map hot on the left makes the left of the overlay red
  /// (jet's hot end) and the right blue (its cold end), in the image and in the PNG file.
  func testOverlayIsRedWhereTheMapIsHotInTheWrittenFile() throws {
    let root = try TestPaths.temporaryDirectory("cam-overlay")
    defer { try? FileManager.default.removeItem(at: root) }
    let chip = RGBImage(width: 150, height: 150, fill: (128, 128, 128))
    let map = HeatMap(width: 150, height: 150, values: (0..<22500).map { $0 % 150 < 50 ? 1 : 0 })
    let prediction = Prediction(
      path: "x.jpg", label: "case", probability: 0.9, split: .test, correct: true, id: "x",
      chip: "")
    let face = FaceMaps(
      prediction: prediction, explainedLabel: "case", chip: chip, gradCAM: map, peak: SIMD2(0, 0),
      guidedGradCAM: map, shares: nil, layer: "stage4")
    let files = CamFiles(session: SessionFolder(url: root), id: "x")
    try face.write(files)
    let overlay = try RGBImage(contentsOf: files.overlay.path)
    let left = overlay[10, 75]
    let right = overlay[140, 75]
    XCTAssertGreaterThan(Int(left.r), Int(left.b) + 40, "hot left must be red: \(left)")
    XCTAssertGreaterThan(Int(right.b), Int(right.r) + 40, "cold right must be blue: \(right)")
    let grey = try RGBImage(contentsOf: files.gradCAM.path)
    XCTAssertEqual(grey[10, 75].r, 255)
    XCTAssertEqual(grey[140, 75].r, 0)
  }

  func testSelectionIsEveryMistakeAndAsManyCorrectFacesUpToTheLimit() {
    func p(_ id: Int, _ probability: Double, correct: Bool, split: Split = .test) -> Prediction {
      Prediction(
        path: "\(id).jpg", label: "case", probability: probability, split: split,
        correct: correct, id: "f\(id)", chip: "")
    }
    let wrong = (0..<5).map { p($0, 0.1 + 0.05 * Double($0), correct: false) }
    let right = (5..<25).map { p($0, 0.9, correct: true) }
    let all = wrong + right + [p(99, 0.0, correct: false, split: .validation)]
    var options = CamOptions()
    let chosen = CamExport.select(all, options: options, seed: 3)
    XCTAssertEqual(chosen.filter { !$0.correct }.map(\.id), ["f0", "f1", "f2", "f3", "f4"])
    XCTAssertEqual(chosen.filter(\.correct).count, 5)
    XCTAssertEqual(chosen.map(\.id), CamExport.select(all, options: options, seed: 3).map(\.id))
    options.limit = 4
    XCTAssertEqual(CamExport.select(all, options: options, seed: 3).count { !$0.correct }, 2)
    XCTAssertEqual(CamExport.select(all, options: options, seed: 3).count(where: \.correct), 2)
    options.misclassifiedOnly = true
    options.limit = 3
    XCTAssertEqual(CamExport.select(all, options: options, seed: 3).map(\.id), ["f0", "f1", "f2"])
  }

  /// Means with t-intervals and the Welch difference, against values worked out by hand.
  func testRegionTableIntervalsAgainstHandComputedValues() {
    func shares(_ skin: Double) -> [FaceRegion: Double] { [.skin: skin, .outside: 1 - skin] }
    let table = RegionTable(
      shares: [0.5, 0.6, 0.7, 0.2, 0.4].map(shares),
      labels: ["case", "case", "case", "control", "control"], order: ["case", "control"])
    let skin = table.columns[0].cells[.skin]!
    // mean 0.6, s = 0.1, t(0.975, 2) = 4.302653: half-width 0.248414.
    XCTAssertEqual(skin.value, 0.6, accuracy: 1e-12)
    XCTAssertEqual(skin.upper - skin.value, 0.248414, accuracy: 1e-5)
    // Welch: difference 0.3, se² = 0.01/3 + 0.02/2 = 0.013333,
    // df = 0.013333² / (0.0033333²/2 + 0.01²/1) = 1.684211.
    let d = table.difference![.skin]!
    XCTAssertEqual(d.value, 0.3, accuracy: 1e-12)
    let df = 0.013333333 * 0.013333333 / (0.0033333333 * 0.0033333333 / 2 + 0.0001)
    XCTAssertEqual(df, 1.684211, accuracy: 1e-5)
    XCTAssertEqual(
      d.upper - d.value,
      StudentT(degreesOfFreedom: df).quantile(0.975) * 0.013333333.squareRoot(),
      accuracy: 1e-6)
    XCTAssertTrue(table.text.contains("skin      0.600 [0.352–0.848]"), table.text)
    XCTAssertTrue(table.csv.contains("case,3,skin,0.6,0.351586,0.848414"), table.csv)
  }

  func testSpearmanRanksTiesAndConstantSamples() {
    XCTAssertEqual(RankCorrelation.spearman([1, 2, 3, 4], [1, 3, 2, 4])!, 0.8, accuracy: 1e-12)
    XCTAssertEqual(RankCorrelation.spearman([1, 2, 3], [30, 20, 10])!, -1, accuracy: 1e-12)
    // Ties share their mean rank: [1.5, 1.5, 3] against [1, 2, 3].
    XCTAssertEqual(RankCorrelation.spearman([5, 5, 7], [1, 2, 3])!, 0.866025, accuracy: 1e-6)
    XCTAssertNil(RankCorrelation.spearman([0, 0, 0], [1, 2, 3]))
  }

  /// The default Grad-CAM layer is fine enough to point with: stage2 of dlib-face (8 px cells),
  /// stage3 of a ResNet from scratch (16 px), never the 32-px stage4 where random nets "hit".
  func testDefaultLayerIsTheDeepestStageFineEnoughToPoint() throws {
    let dlib = try DlibFaceResNet.make()
    XCTAssertEqual(try SessionExplainer.defaultLayer(of: dlib, inputSize: 150), "stage2")
    let resnet = try ResNet.make(depth: 10, width: 0.25, classes: 2)
    XCTAssertEqual(try SessionExplainer.defaultLayer(of: resnet, inputSize: 150), "stage3")
    XCTAssertEqual(try resnet.cellGeometry(of: "stage3").spacing, 16)
  }

  /// Centring a two-class head keeps every probability and makes the logits opposite.
  func testCentredLogitsKeepTheProbabilities() throws {
    let net = try ResNet.make(depth: 10, width: 0.125, classes: 2, seed: 3)
    var scalars = [Float](repeating: 0, count: 2 * 3 * 40 * 40)
    for i in scalars.indices { scalars[i] = Float((i * 7919) % 255) / 128 - 1 }
    let input = try Tensor(shape: Shape(2, 3, 40, 40), scalars: scalars)
    let before = try net.forward(input).scalars
    try SessionExplainer.centreLogits(of: net)
    let after = try net.forward(input).scalars
    for face in 0..<2 {
      let (a0, a1) = (after[2 * face], after[2 * face + 1])
      XCTAssertEqual(a0, -a1, accuracy: 1e-5)
      XCTAssertEqual(a1 - a0, before[2 * face + 1] - before[2 * face], accuracy: 1e-4)
      XCTAssertNotEqual(before[2 * face], -before[2 * face + 1], accuracy: 1e-3)
    }
  }

  /// The pointing game's chance rate: the share of the chip within the tolerance of the mask.
  func testChanceRateIsTheShareOfTheDilatedMask() {
    var mask = RGBImage(width: 21, height: 21)
    for c in 0..<3 { mask.pixels[3 * (10 * 21 + 10) + c] = 255 }
    // One pixel dilated by 2 px: the 13 pixels of the disc x² + y² ≤ 4.
    XCTAssertEqual(TrustChecks.nearShare(mask, 2), 13.0 / 441, accuracy: 1e-12)
    // A 3×3 block at the corner dilated by 1 px (a plus-shaped disc): 4×4 less its far corner.
    var corner = RGBImage(width: 10, height: 10)
    for y in 0..<3 { for x in 0..<3 { corner.pixels[3 * (y * 10 + x)] = 255 } }
    XCTAssertEqual(TrustChecks.nearShare(corner, 1), 0.15, accuracy: 1e-12)
    XCTAssertEqual(TrustChecks.nearShare(RGBImage(width: 5, height: 5), 3), 0)
  }

  func testDeletionAreaAndMedian() {
    XCTAssertEqual(TrustChecks.area([1, 1, 1]), 1, accuracy: 1e-12)
    XCTAssertEqual(TrustChecks.area([1, 0]), 0.5, accuracy: 1e-12)
    XCTAssertEqual(TrustChecks.area([1, 0.5, 0, 0]), 1.0 / 3, accuracy: 1e-12)
    XCTAssertEqual(TrustChecks.median([3, 1, 2]), 2)
    XCTAssertEqual(TrustChecks.median([4, 1, 2, 3]), 2.5)
  }

  /// Faces of different positions whose maps are hot at the same face point give a class average
  /// hot at that point of the mean face.
  func testClassAverageMapFollowsTheFacesOntoTheMeanShape() throws {
    let face = Self.templateFace()
    let shifts = [-6.0, 0, 6]
    let shapes = shifts.map { dx in face.points.map { SIMD2($0.x + dx, $0.y) } }
    var average = try ClassAverageMap(shapes: shapes, width: 150, height: 150)
    for (dx, shape) in zip(shifts, shapes) {
      // Hot in a small disc on the nose tip (landmark 30) of this face.
      let tip = face.points[30]
      let values = (0..<22500).map { i -> Float in
        let x = Double(i % 150) - tip.x - dx
        let y = Double(i / 150) - tip.y
        return x * x + y * y <= 16 ? 1 : 0
      }
      try average.add(
        chip: RGBImage(width: 150, height: 150, fill: (100, 100, 100)),
        map: HeatMap(width: 150, height: 150, values: values), landmarks: shape)
    }
    XCTAssertEqual(average.count, 3)
    let mean = average.map
    let hot = mean.values.indices.filter { mean.values[$0] > 0.9 }
    let x = Double(hot.map { $0 % 150 }.reduce(0, +)) / Double(hot.count)
    let y = Double(hot.map { $0 / 150 }.reduce(0, +)) / Double(hot.count)
    let tip = average.face.meanShape[30]
    XCTAssertLessThan(hypot(x - tip.x, y - tip.y), 1)
    // Aligned, the three discs coincide: the peak is the full value, not a third of it smeared.
    XCTAssertEqual(mean.maximum, 1)
    XCTAssertGreaterThan(mean.values.count { $0 > 0.9 }, 20)
  }
}

/// A thread-safe slot for a completion's result.
final class ResultBox: @unchecked Sendable {
  private let lock = NSLock()
  private var stored: Result<CamFiles, Error>?
  func set(_ r: Result<CamFiles, Error>) { lock.withLock { stored = r } }
  var value: Result<CamFiles, Error>? { lock.withLock { stored } }
}

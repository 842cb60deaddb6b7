import Foundation
import OncoData
import OncoFace
import OncoImage
import OncoNN
import OncoStats

/// `oncoface cam SESSION`: Grad-CAM, guided Grad-CAM and overlays for a session's test faces, the
/// class-average maps, the region table and (optionally) the trust checks, under SESSION/cam/.
///
/// Files written (each atomically):
///
///     <id>-gradcam.png, <id>-guided.png, <id>-overlay.png   per selected face, its predicted class
///     cam.csv        id,label,probability,predicted,skin,forehead,eyes,brows,nose,mouth,outside
///     regions.csv, regions.txt    the region table (`RegionTable`) over all test faces
///     average-<label>.png         class-average map over the class's average face
///     average-maps.png            the class averages side by side
///     trust.json                  with `trust`: the `TrustReport`
///
/// The selected faces (`select`) are explained for the class the network predicted (what made it
/// say so); the class averages, the region table and the trust checks use every test face,
/// explained for its own label.
public enum CamExport {
  public struct Summary: Sendable {
    public var folder: URL
    public var layer: String
    public var testFaces: Int
    /// Faces that got PNGs, and how many of them were misclassified.
    public var written: Int
    public var misclassified: Int
    /// Faces that could not be explained (unreadable chips), with why.
    public var failures: [CamError]
    /// Nil when no test face has landmarks.
    public var regionTable: RegionTable?
    /// Labels with a class-average map.
    public var averages: [String]
    public var trust: TrustReport?
    public var seconds: Double
  }

  /// The faces that get PNGs: every misclassified test face (most confident first) and as many
  /// correctly classified ones (a seeded random sample), or only the mistakes; `limit` caps the
  /// total, half of it for each kind.
  public static func select(_ predictions: [Prediction], options: CamOptions, seed: UInt64)
    -> [Prediction]
  {
    let test = predictions.filter { $0.split == .test }
    let wrong = test.filter { !$0.correct }.sorted {
      abs($0.probability - 0.5) != abs($1.probability - 0.5)
        ? abs($0.probability - 0.5) > abs($1.probability - 0.5) : $0.id < $1.id
    }
    var generator = SeededGenerator(seed: seed, stream: "cam selection")
    let right = generator.shuffled(test.filter(\.correct).sorted { $0.id < $1.id })
    if options.misclassifiedOnly { return Array(wrong.prefix(options.limit ?? wrong.count)) }
    var mistakes = wrong.count
    if let limit = options.limit { mistakes = min(mistakes, (limit + 1) / 2) }
    var correct = min(right.count, wrong.count)
    if let limit = options.limit { correct = min(correct, limit - mistakes) }
    return Array(wrong.prefix(mistakes)) + Array(right.prefix(correct))
  }

  /// Explains `session` as described above; `log` gets progress notes and per-face problems,
  /// `progress` (done, total) the faces explained.
  public static func run(
    session: SessionFolder, options: CamOptions, log: (String) -> Void = { _ in },
    progress: (Int, Int) -> Void = { _, _ in }
  ) throws -> Summary {
    let start = Date()
    let explainer = try SessionExplainer(session: session, layer: options.layer)
    explainer.batchSize = options.batchSize
    let predictions = try Prediction.read(session.predictionsFile)
    let test = predictions.filter { $0.split == .test }
    guard !test.isEmpty else {
      throw CamError.noTestPredictions(path: session.predictionsFile.path)
    }
    let seed = explainer.model.record.config.seed
    let selected = select(predictions, options: options, seed: seed)
    let folder = session.camFolder
    do {
      try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    } catch {
      throw CamError.unwritable(path: folder.path, reason: error.localizedDescription)
    }
    let total = test.count + selected.count

    // Every test face, for its own label: class averages, regions, trust.
    let all = try explainer.maps(for: test, explaining: .label, guided: false) {
      progress($0, total)
    }
    var failures = all.failures
    for failure in failures { log("skipped: \(failure)") }

    // The selected faces, for the predicted class: PNGs and cam.csv.
    let chosen = try explainer.maps(for: selected, explaining: .predicted) {
      progress(test.count + $0, total)
    }
    failures += chosen.failures
    for face in chosen.maps {
      try face.write(CamFiles(session: session, id: face.prediction.id))
    }
    try write(csv: camTable(chosen.maps, explainer: explainer), to: "cam.csv", in: folder)

    let order = [explainer.label(ofClass: 1), explainer.label(ofClass: 0)]
    let withRegions = all.maps.filter { $0.shares != nil }
    var table: RegionTable? = nil
    if !withRegions.isEmpty {
      let t = RegionTable(
        shares: withRegions.map { $0.shares! }, labels: withRegions.map(\.prediction.label),
        order: order)
      try write(csv: t.csv, to: "regions.csv", in: folder)
      try write(csv: t.text, to: "regions.txt", in: folder)
      table = t
    } else {
      log("no landmarks for the test faces: no region table (the prepared folder's landmarks.csv)")
    }
    let averages = try writeAverages(all.maps, explainer: explainer, order: order, in: folder)

    var trust: TrustReport? = nil
    if options.trust {
      log("trust checks: model randomisation, pointing game, deletion curves")
      let report = try TrustChecks.run(explainer: explainer, maps: all.maps, seed: seed)
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
      encoder.keyEncodingStrategy = .convertToSnakeCase
      encoder.nonConformingFloatEncodingStrategy = .convertToString(
        positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
      try write(data: try encoder.encode(report), to: "trust.json", in: folder)
      trust = report
    }
    return Summary(
      folder: folder, layer: all.maps.first?.layer ?? chosen.maps.first?.layer ?? "",
      testFaces: test.count, written: chosen.maps.count,
      misclassified: chosen.maps.count { !$0.prediction.correct }, failures: failures,
      regionTable: table, averages: averages, trust: trust,
      seconds: Date().timeIntervalSince(start))
  }

  /// cam.csv: one row per face with PNGs.
  static func camTable(_ maps: [FaceMaps], explainer: SessionExplainer) -> String {
    var csv = CSVWriter(
      header: ["id", "label", "probability", "predicted"] + FaceRegion.allCases.map(\.name))
    for face in maps {
      let p = face.prediction
      csv.append(
        [p.id, p.label, String(format: "%.6f", p.probability), face.explainedLabel]
          + FaceRegion.allCases.map { r in face.shares.map { String(format: "%.6f", $0[r]!) } ?? ""
          })
    }
    return csv.text
  }

  /// average-<label>.png per class (faces with landmarks) and average-maps.png; returns the
  /// labels written.
  static func writeAverages(
    _ maps: [FaceMaps], explainer: SessionExplainer, order: [String], in folder: URL
  ) throws -> [String] {
    var panels: [AverageFaceSheet.Panel] = []
    for label in order {
      var faces: [(FaceMaps, [SIMD2<Double>])] = []
      for face in maps where face.prediction.label == label {
        if let l = try explainer.landmarks(id: face.prediction.id) {
          faces.append((face, l.points.map { SIMD2($0.x, $0.y) }))
        }
      }
      guard let first = faces.first?.0 else { continue }
      var average = try ClassAverageMap(
        shapes: faces.map(\.1), width: first.chip.width, height: first.chip.height)
      for (face, shape) in faces {
        try average.add(chip: face.chip, map: face.gradCAM, landmarks: shape)
      }
      let image = average.overlay
      try write(image: image, to: "average-\(slug(label)).png", in: folder)
      panels.append((label, faces.count, image))
    }
    if !panels.isEmpty {
      try write(image: AverageFaceSheet.render(panels), to: "average-maps.png", in: folder)
    }
    return panels.map(\.name)
  }

  /// A label as a file-name part: letters, digits, '-' and '_' kept, anything else '_'.
  static func slug(_ label: String) -> String {
    String(
      label.unicodeScalars.map { s in
        (s.properties.isAlphabetic || ("0"..."9").contains(s) || s == "-" || s == "_") && s.isASCII
          ? Character(s) : "_"
      })
  }

  private static func write(csv: String, to name: String, in folder: URL) throws {
    try write(data: Data(csv.utf8), to: name, in: folder)
  }

  private static func write(data: Data, to name: String, in folder: URL) throws {
    let url = folder.appendingPathComponent(name)
    do { try AtomicFile.write(data, to: url) } catch {
      throw CamError.unwritable(path: url.path, reason: "\(error)")
    }
  }

  private static func write(image: RGBImage, to name: String, in folder: URL) throws {
    let url = folder.appendingPathComponent(name)
    do { try image.writePNG(to: url) } catch {
      throw CamError.unwritable(path: url.path, reason: "\(error)")
    }
  }
}

import ArgumentParser
import Foundation
import OncoNN
import OncoWorkbench

/// `oncoface cam SESSION`: Grad-CAM maps, class averages, the region table and trust checks.
struct CamCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "cam",
    abstract: "Grad-CAM, guided backprop and guided Grad-CAM PNGs with region shares.",
    discussion: """
      Uses the best epoch's weights of SESSION (a session folder, its folder name under \
      --sessions, or its name) and writes into SESSION/cam/: for every misclassified test face \
      and as many correct ones (or only the mistakes with --misclassified, at most --limit), \
      <id>-overlay.png (jet Grad-CAM at 0.5 over the chip), <id>-gradcam.png (the map, grey) and \
      <id>-guided.png (guided Grad-CAM, grey), all for the predicted class; cam.csv \
      (id,label,probability,predicted and the share of Grad-CAM mass per face region); over all \
      test faces, each for its own label: average-<label>.png (the class's mean map over its \
      average face), average-maps.png, and the region table (regions.csv, regions.txt, printed). \
      --trust adds the model-randomisation check, the pointing game (when the prepared folder \
      has signal/ masks, as the demo cohort does) and deletion curves (trust.json, printed).

      Example:
        oncoface cam Sessions/20261127-074012-demo --misclassified --limit 20 --json
      """
  )

  @Argument(help: "The trained session.")
  var session: String

  @Flag(help: "Only the misclassified test faces.")
  var misclassified = false

  @Option(help: "At most this many faces get PNGs.")
  var limit: Int?

  @Option(
    help: """
      The Grad-CAM layer or boundary (default: the deepest residual stage with cells at most \
      16 px apart, 10 px for dlib-face: stage3 of a ResNet, stage2 of dlib-face).
      """)
  var layer: String?

  @Flag(help: "Also run the trust checks (randomisation, pointing game, deletion curve).")
  var trust = false

  @Option(help: "The sessions folder.")
  var sessions = "Sessions"

  @Option(help: "Threads (0: all cores).")
  var threads = 0

  @Flag(help: "End with one JSON summary line on stdout.")
  var json = false

  func validate() throws {
    if let limit, limit < 1 { throw ValidationError("--limit must be at least 1") }
  }

  func run() throws {
    Engine.threads = threads > 0 ? threads : Engine.availableCores
    let folder = try SessionStore(root: URL(fileURLWithPath: sessions)).find(session)
    var options = CamOptions()
    options.misclassifiedOnly = misclassified
    options.limit = limit
    options.layer = layer
    options.trust = trust
    let bar = ProgressBar(label: "cam", total: 0, unit: "faces")
    let summary = try CamExport.run(
      session: folder, options: options,
      log: { FileHandle.standardError.write(Data(($0 + "\n").utf8)) },
      progress: { done, total in bar.update(done: done, total: total) })
    bar.finish()
    let note =
      "\(summary.written) faces (\(summary.misclassified) misclassified) of \(summary.testFaces) "
      + "test faces explained at \(summary.layer)"
      + (summary.failures.isEmpty ? "" : ", \(summary.failures.count) skipped")
      + " → \(summary.folder.path)"
    FileHandle.standardError.write(Data((note + "\n").utf8))
    if let table = summary.regionTable {
      print(
        "Share of Grad-CAM mass per face region (test faces, each for its own label; "
          + "mean [95% CI]):")
      print(table.text, terminator: "")
    }
    if let report = summary.trust { print(report.text, terminator: "") }
    guard json else { return }
    var line = JSONLine()
    line["session"] = .string(folder.url.path)
    line["cam"] = .string(summary.folder.path)
    line["layer"] = .string(summary.layer)
    line["test_faces"] = .int(summary.testFaces)
    line["faces"] = .int(summary.written)
    line["misclassified"] = .int(summary.misclassified)
    line["skipped"] = .int(summary.failures.count)
    line["averages"] = .int(summary.averages.count)
    if let skin = summary.regionTable?.columns.first?.cells[.skin] {
      line["skin_share_positive"] = .double(skin.value)
    }
    if let report = summary.trust {
      line["randomization_rho"] = .double(report.randomization.medianGradCAM)
      line["randomization_passed"] = .bool(report.randomization.passed)
      line["pointing_rate"] = report.pointingGame.map { .double($0.rate) } ?? .null
      line["pointing_passed"] = report.pointingGame.map { .bool($0.passed) } ?? .null
      line["deletion_relevance_area"] = .double(report.deletion.relevanceArea)
      line["deletion_random_area"] = .double(report.deletion.randomArea)
      line["deletion_passed"] = .bool(report.deletion.passed)
    }
    line["seconds"] = .double((summary.seconds * 10).rounded() / 10)
    line.print()
  }
}

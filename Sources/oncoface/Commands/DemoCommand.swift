import ArgumentParser
import Foundation
import OncoData
import OncoImage

struct DemoCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "demo",
    abstract: "Write the built-in synthetic demo cohort.",
    discussion: """
      Renders synthetic aligned face chips (on dlib's 68-landmark chip template) of cases and \
      sex/age-matched controls. The cases carry a planted signal whose strength --effect sets: a \
      wider lower face and redder, finer-mottled cheeks; each case's planted region is written as \
      a mask (signal/<id>.png), the ground truth for Grad-CAM. The folder is a prepared folder \
      that train reads directly: chips/, masked/, signal/, landmarks.csv, manifest.csv, \
      prepared.csv. Same options, same bytes.

      Example:
        oncoface demo --out Demo --count 600 --effect 1.0 --sheet Demo/sheet.png
      """
  )

  @Option(help: "Folder to write (created if missing).")
  var out: String

  @Option(help: "Number of faces, half cases and half controls.")
  var count: Int = 600

  @Option(help: "Seed of every random draw.")
  var seed: UInt64 = 1

  @Option(help: "Strength of the planted signal in the cases (0 = none).")
  var effect: Double = 1.0

  @Option(help: "Chip size in pixels.")
  var size: Int = 150

  @Option(help: "Also write a contact sheet of the first 24 faces to this PNG file.")
  var sheet: String?

  @Flag(help: "End with one JSON line: out, count, cases, controls, effect, seed, seconds.")
  var json = false

  func run() throws {
    let options = DemoOptions(count: count, seed: seed, effect: effect, size: size)
    try options.validate()
    let folder = URL(fileURLWithPath: out)
    let bar = ProgressBar(label: "demo", total: count, unit: "faces")
    let summary = try DemoCohort.generate(into: folder, options: options) { done, _ in
      bar.update(done: done)
    }
    bar.finish()
    if let sheet {
      try DemoContactSheet.render(options: options, count: min(24, count))
        .writePNG(to: URL(fileURLWithPath: sheet))
    }
    let message =
      "demo: \(summary.count) faces (\(summary.cases) cases, \(summary.controls) controls) "
      + "in \(folder.path), \(String(format: "%.1f", summary.seconds)) s"
    if json {
      FileHandle.standardError.write(Data((message + "\n").utf8))
      var line = JSONLine()
      line["out"] = .string(folder.path)
      line["count"] = .int(summary.count)
      line["cases"] = .int(summary.cases)
      line["controls"] = .int(summary.controls)
      line["effect"] = .double(effect)
      line["seed"] = .int(Int(seed))
      line["seconds"] = .double((summary.seconds * 1000).rounded() / 1000)
      line.print()
    } else {
      print(message)
    }
  }
}

import ArgumentParser
import Foundation
import OncoData
import OncoFace
import OncoImage
import OncoWorkbench

/// `oncoface faces`: average faces and landmark (adiposity) measures per group of a prepared folder.
struct FacesCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "faces",
    abstract: "Average faces and landmark (adiposity) measures per group.",
    discussion: """
      Reads a prepared folder (chips/<id>.png, landmarks.csv, prepared.csv, as `oncoface \
      prepare` and `oncoface demo` write them) and groups its faces by the --by columns of \
      prepared.csv. Per group: the mean landmark shape (generalised Procrustes), and the average \
      face (every chip warped piecewise-affinely onto the mean shape, then averaged). Per face: \
      fWHR, CJWR, PAR and LFW/FH from the 68 landmarks (see the README's Landmark measures). \
      Per group: mean and SD; every group against the reference group: Welch t, p and Cohen's d \
      with a 95% CI. Writes, in DIR: average-<group>.png, average-faces.png (side by side), \
      landmarks.csv (mean shapes), measures.csv (per face), group-comparison.csv and \
      group-comparison.txt (the printed table). Bad rows are listed on stderr and left out.

      Example:
        oncoface faces Prepared --out Faces --by label
      """
  )

  @Argument(help: ArgumentHelp("The prepared folder.", valueName: "INPUT"))
  var input: String

  @Option(help: ArgumentHelp("The folder to write into (created if needed).", valueName: "DIR"))
  var out: String

  @Option(
    help: ArgumentHelp(
      "prepared.csv columns that define the groups, comma-separated.",
      valueName: "COLUMNS"))
  var by: String = "label"

  @Option(
    help: ArgumentHelp(
      """
      The group the others are compared against (default: the first group with a value \
      "control", else the first group).
      """, valueName: "GROUP"))
  var reference: String?

  @Flag(help: "Average the masked chips (background black) instead of the chips.")
  var masked = false

  @Flag(help: "End with one JSON line (faces, groups, skipped, reference; d and p per measure).")
  var json = false

  var byColumns: [String] {
    by.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
  }

  func validate() throws {
    guard !byColumns.isEmpty else { throw ValidationError("--by needs at least one column name.") }
  }

  func run() throws {
    var job = FaceAveraging(
      input: URL(fileURLWithPath: input), out: URL(fileURLWithPath: out))
    job.by = byColumns
    job.reference = reference
    job.masked = masked
    var bar: ProgressBar?
    let summary = try job.run(
      progress: { done, total, group in
        if bar == nil { bar = ProgressBar(label: "faces", total: total, unit: "faces") }
        bar?.advance(note: group)
        if done == total { bar?.finish() }
      },
      issues: { lines in
        FileHandle.standardError.write(Data(lines.map { $0 + "\n" }.joined().utf8))
      })
    print(summary.report)
    print(
      "Wrote \(summary.averages) average faces, average-faces.png, landmarks.csv, measures.csv "
        + "and group-comparison.csv/.txt to \(job.out.path)")
    if json {
      var line = JSONLine()
      line["faces"] = .int(summary.faces)
      line["groups"] = .int(summary.groups)
      line["skipped"] = .int(summary.skipped)
      line["reference"] = .string(summary.comparison.reference)
      if summary.comparison.groups.count == 2 {
        for c in summary.comparison.comparisons {
          line["\(c.measure.rawValue)_d"] = c.effect.map { .double($0.value) } ?? .null
          line["\(c.measure.rawValue)_p"] = c.test.map { .double($0.p) } ?? .null
        }
      }
      line.print()
    } else {
      fflush(nil)
    }
  }
}

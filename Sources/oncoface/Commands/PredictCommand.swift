import ArgumentParser
import Foundation
import OncoNN
import OncoWorkbench

struct PredictCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "predict",
    abstract: "Apply a trained session to new photos.",
    discussion: """
      Uses the best epoch's weights of SESSION (a session folder, its folder name under \
      --sessions, or its name). INPUT is a prepared folder or a manifest/folder of photos, \
      prepared first with the session's chip size. Writes one row per input photo: \
      path,probability,predicted[,label],outcome,reason (probability of the session's positive \
      label; photos that could not be prepared keep their outcome and an empty probability). \
      When INPUT has the session's label column, the AUC with its 95% CI and the accuracy at 0.5 \
      are printed (and put in the --json line).

      Example:
        oncoface predict Sessions/20261127-074012-demo new.csv --out p.csv --json
      """
  )

  @Argument(help: "The trained session.")
  var session: String

  @Argument(help: "A prepared folder, a manifest CSV or a folder of photos.")
  var input: String

  @Option(help: ArgumentHelp("The CSV file to write.", valueName: "CSV"))
  var out: String

  @Option(help: "The sessions folder.")
  var sessions = "Sessions"

  @Option(help: "Threads (0: all cores).")
  var threads = 0

  @Flag(help: "End with one JSON summary line on stdout.")
  var json = false

  func run() throws {
    Engine.threads = threads > 0 ? threads : Engine.availableCores
    let folder = try SessionStore(root: URL(fileURLWithPath: sessions)).find(session)
    let bar = ProgressBar(label: "predict", total: 0, unit: "img")
    let report = try Predictor.predict(
      session: folder, input: URL(fileURLWithPath: input),
      log: { FileHandle.standardError.write(Data(($0 + "\n").utf8)) },
      progress: { done, total in bar.update(done: done, total: total) })
    bar.finish()
    let url = URL(fileURLWithPath: out)
    try Predictor.write(report, to: url)
    var summary =
      "\(report.predicted) photos predicted, \(report.failed) not prepared → \(url.path)"
    if let e = report.evaluation {
      summary += String(
        format: "\nAUC %.4f (95%% CI %.3f–%.3f), accuracy at 0.5 %.3f", e.auc,
        e.interval?.lower ?? .nan, e.interval?.upper ?? .nan, e.atHalf.accuracy)
    }
    FileHandle.standardError.write(Data((summary + "\n").utf8))
    guard json else { return }
    var line = JSONLine()
    line["session"] = .string(folder.url.path)
    line["out"] = .string(url.path)
    line["predicted"] = .int(report.predicted)
    line["failed"] = .int(report.failed)
    line["auc"] = report.evaluation.map { .double($0.auc) } ?? .null
    line["auc_low"] = report.evaluation?.interval.map { .double($0.lower) } ?? .null
    line["auc_high"] = report.evaluation?.interval.map { .double($0.upper) } ?? .null
    line["accuracy"] = report.evaluation.map { .double($0.atHalf.accuracy) } ?? .null
    line["seconds"] = .double((report.seconds * 10).rounded() / 10)
    line.print()
  }
}

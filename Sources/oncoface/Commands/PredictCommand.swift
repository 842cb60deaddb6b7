import ArgumentParser

struct PredictCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "predict",
    abstract: "Apply a trained session to new photos.",
    discussion: "Example:\n  oncoface predict Sessions/20261127-074012-demo new.csv --out p.csv"
  )

  func run() throws { throw NotYetBuilt(command: "predict", issue: 5) }
}

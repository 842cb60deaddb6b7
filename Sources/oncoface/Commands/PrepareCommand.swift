import ArgumentParser

struct PrepareCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "prepare",
    abstract: "Detect faces, 68 landmarks, aligned chips and background masks.",
    discussion: "Example:\n  oncoface prepare photos.csv --out Prepared"
  )

  func run() throws { throw NotYetBuilt(command: "prepare", issue: 3) }
}

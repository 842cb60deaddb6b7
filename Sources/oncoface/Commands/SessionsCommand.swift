import ArgumentParser

struct SessionsCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "sessions",
    abstract: "List sessions with status, best AUC, epochs and date.",
    discussion: "Example:\n  oncoface sessions --json"
  )

  func run() throws { throw NotYetBuilt(command: "sessions", issue: 5) }
}

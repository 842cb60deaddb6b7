import ArgumentParser

struct ResumeCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "resume",
    abstract: "Continue a stopped or killed session.",
    discussion: "Example:\n  oncoface resume Sessions/20261127-074012-demo"
  )

  func run() throws { throw NotYetBuilt(command: "resume", issue: 5) }
}

import ArgumentParser

struct BenchUICommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "ui",
    abstract: "Key-to-screen latency of the workbench through a pseudo-terminal.",
    discussion: "Example:\n  oncoface bench ui"
  )

  func run() throws { throw NotYetBuilt(command: "bench ui", issue: 7) }
}

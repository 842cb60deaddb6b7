import ArgumentParser

struct UICommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "ui",
    abstract: "Open the terminal workbench (the default command).",
    discussion: "Example:\n  oncoface ui --data Prepared"
  )

  func run() throws { throw NotYetBuilt(command: "ui", issue: 7) }
}

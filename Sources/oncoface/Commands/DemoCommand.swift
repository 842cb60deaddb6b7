import ArgumentParser

struct DemoCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "demo",
    abstract: "Write the built-in synthetic demo cohort.",
    discussion: "Example:\n  oncoface demo --out Demo --count 600"
  )

  func run() throws { throw NotYetBuilt(command: "demo", issue: 4) }
}

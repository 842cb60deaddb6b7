import ArgumentParser

struct CohortCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "cohort",
    abstract: "Sample sex/age-matched controls and report the balance.",
    discussion: "Example:\n  oncoface cohort --cases cases.csv --pool pool.csv --out cohort.csv"
  )

  func run() throws { throw NotYetBuilt(command: "cohort", issue: 4) }
}

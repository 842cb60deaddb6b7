import ArgumentParser

struct BenchAlignCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "align",
    abstract: "Face alignment throughput (photos/s).",
    discussion: "Example:\n  oncoface bench align --size 250 --jobs 2"
  )

  func run() throws { throw NotYetBuilt(command: "bench align", issue: 3) }
}

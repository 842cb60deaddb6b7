import ArgumentParser

struct BenchCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "bench",
    abstract: "Speed figures as one JSON line (train, infer, cam, align, ui).",
    discussion: "Example:\n  oncoface bench train --model resnet18 --size 112"
  )

  func run() throws { throw NotYetBuilt(command: "bench", issue: 2) }
}

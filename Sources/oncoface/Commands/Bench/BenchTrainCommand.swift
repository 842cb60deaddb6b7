import ArgumentParser

struct BenchTrainCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "train",
    abstract: "Training steps per second of a model (images/s, peak RSS).",
    discussion: "Example:\n  oncoface bench train --model resnet18 --size 112 --batch 32 --threads 2 --iters 10"
  )

  func run() throws { throw NotYetBuilt(command: "bench train", issue: 2) }
}

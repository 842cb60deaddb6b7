import ArgumentParser

struct BenchInferCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "infer",
    abstract: "Inference throughput of a model (images/s, peak RSS).",
    discussion: "Example:\n  oncoface bench infer --model resnet18 --size 112 --batch 32 --threads 2 --iters 10"
  )

  func run() throws { throw NotYetBuilt(command: "bench infer", issue: 2) }
}

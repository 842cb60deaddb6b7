import ArgumentParser

/// `oncoface bench KIND`: speed figures, each printed as one JSON line on stdout.
struct BenchCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "bench",
    abstract: "Speed figures as one JSON line (train, infer, cam, align, ui).",
    discussion: """
      Benchmarks measure; tests never assert speed. Run them on an idle machine.

      Example:
        oncoface bench train --model resnet18 --size 112 --batch 32 --threads 2 --iters 10
      """,
    subcommands: [
      BenchTrainCommand.self, BenchInferCommand.self, BenchCamCommand.self, BenchAlignCommand.self,
      BenchUICommand.self,
    ]
  )
}

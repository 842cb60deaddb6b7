import ArgumentParser
import OncoNN

/// `oncoface bench infer`: inference throughput of a model on random data.
struct BenchInferCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "infer",
    abstract: "Inference throughput of a model (images/s, peak RSS).",
    discussion: """
      One batch forward in inference mode (running statistics, no dropout, batch norm folded \
      into the convolutions). Prints the median over --iters batches after two warm-up batches.

      Example:
        oncoface bench infer --model resnet18 --size 112 --batch 32 --threads 2 --iters 10
      """
  )

  @OptionGroup var model: BenchModelOptions

  func run() throws {
    let (_, net) = try model.prepare()
    let x = model.randomBatch()
    let seconds = try model.timed(net) { _ = try net.forward(x, mode: .inference) }
    var line = model.summary(bench: "infer", seconds: seconds)
    line["milliseconds_per_image"] = .double((seconds / Double(model.batch) * 1e4).rounded() / 10)
    line["peak_rss_mb"] = .double(rounded(Benchmark.peakResidentMegabytes()))
    line.print()
  }
}

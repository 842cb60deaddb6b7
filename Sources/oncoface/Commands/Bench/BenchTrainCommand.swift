import ArgumentParser
import Foundation
import OncoNN

/// `oncoface bench train`: training steps per second of a model on random data.
struct BenchTrainCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "train",
    abstract: "Training steps per second of a model (images/s, peak RSS).",
    discussion: """
      One step = forward, softmax cross-entropy, backward and an SGD (momentum 0.9) update on a \
      batch of random images with a 2-class head, as ../shared/bench/torch_resnet_bench.py times \
      PyTorch. Prints the median over --iters steps after two warm-up steps.

      With --freeze stage or backbone the frozen part runs once per batch in inference mode and \
      only the rest trains; "cached_images_per_second" is the rate when the frozen part's output \
      is cached (later epochs of a frozen-backbone run).

      Example:
        oncoface bench train --model resnet18 --size 112 --batch 32 --threads 2 --iters 10
      """
  )

  @OptionGroup var model: BenchModelOptions

  @Option(help: "Freeze part of the network: none, stage (all but the last stage) or backbone.")
  var freeze: String = "none"

  func run() throws {
    let (kind, net) = try model.prepare()
    let boundary: String?
    switch freeze {
    case "none": boundary = nil
    case "stage": boundary = kind.stageBeforeLast
    case "backbone": boundary = "features"
    default: throw ValidationError("--freeze must be none, stage or backbone, not \(freeze)")
    }
    if let boundary { try net.freeze(through: boundary) }
    let sgd = SGD(
      groups: [ParameterGroup(name: "all", parameters: net.parameters)], learningRate: 0.01,
      momentum: 0.9)
    let x = model.randomBatch()
    let labels = (0..<model.batch).map { $0 % 2 }
    let loss = SoftmaxCrossEntropy()

    func train(from cached: Tensor?) throws {
      let logits: Tensor
      if let boundary, let cached {
        logits = try net.forward(from: boundary, cached, mode: .training)
      } else {
        logits = try net.forward(x, mode: .training)
      }
      try net.backward(try loss.evaluate(logits: logits, labels: labels).gradient)
      sgd.step()
    }
    let seconds = try model.timed(net) {
      if let boundary {
        try train(from: try net.forward(x, mode: .inference, to: boundary))
      } else {
        try train(from: nil)
      }
    }
    var line = model.summary(bench: "train", seconds: seconds)
    if let boundary {
      let cached = try net.forward(x, mode: .inference, to: boundary)
      let suffix = try Benchmark.medianSeconds(warmup: 1, iterations: model.iters) {
        try train(from: cached)
      }
      line["freeze"] = .string(freeze)
      line["cached_images_per_second"] = .double(rounded(Double(model.batch) / suffix))
    }
    line["peak_rss_mb"] = .double(rounded(Benchmark.peakResidentMegabytes()))
    line.print()
  }
}

/// The options every model benchmark shares.
struct BenchModelOptions: ParsableArguments {
  @Option(help: "Architecture: resnet10, resnet18, resnet34 or dlib-face.")
  var model: String = "resnet18"

  @Option(help: "Input height and width in pixels (dlib-face needs 150).")
  var size: Int = 112

  @Option(help: "Images per batch.")
  var batch: Int = 32

  @Option(help: "Engine threads (default: all cores).")
  var threads: Int = Engine.availableCores

  @Option(help: "Timed iterations (after warm-up); the median is reported.")
  var iters: Int = 10

  @Option(help: "Channel width multiplier of the ResNets (0.5 halves every stage).")
  var width: Double = 1

  @Flag(help: "Also print the time per layer kind of the timed iterations (stderr).")
  var profile = false

  /// Sets the threads and builds the network with a 2-class head.
  func prepare() throws -> (ModelKind, Network) {
    guard let kind = ModelKind(rawValue: model) else {
      throw ValidationError(
        "--model must be one of \(ModelKind.allCases.map(\.rawValue).joined(separator: ", "))")
    }
    guard batch >= 1, iters >= 1, size >= 32, threads >= 1 else {
      throw ValidationError("--batch, --iters and --threads must be at least 1, --size at least 32")
    }
    if kind == .dlibFace, size < DlibFaceResNet.inputSize {
      throw ValidationError("dlib-face takes 150×150 chips: use --size 150")
    }
    Engine.threads = threads
    return (kind, try kind.make(classes: 2, width: width, seed: 1))
  }

  /// The median seconds of `body` (two warm-up runs first); with --profile, the per-layer times
  /// of the timed runs go to stderr.
  func timed(_ net: Network, _ body: () throws -> Void) throws -> Double {
    for _ in 0..<2 { try body() }
    let profiler = LayerProfiler()
    if profile { net.profiler = profiler }
    let seconds = try Benchmark.medianSeconds(warmup: 0, iterations: iters, body)
    net.profiler = nil
    if profile { FileHandle.standardError.write(Data(profiler.report().utf8)) }
    return seconds
  }

  /// Random images (standard normal), the same every run.
  func randomBatch() -> Tensor {
    var rng = RandomSource(seed: 42)
    var x = Tensor(shape: Shape(batch, 3, size, size))
    x.withUnsafeMutableBufferPointer { for i in $0.indices { $0[i] = rng.nextGaussian() } }
    return x
  }

  /// The JSON line's fixed part.
  func summary(bench: String, seconds: Double) -> JSONLine {
    var line = JSONLine()
    line["bench"] = .string(bench)
    line["model"] = .string(model)
    line["size"] = .int(size)
    line["batch"] = .int(batch)
    line["threads"] = .int(threads)
    if width != 1 { line["width"] = .double(width) }
    line["images_per_second"] = .double(rounded(Double(batch) / seconds))
    return line
  }
}

/// One decimal place, as the README's tables show.
func rounded(_ x: Double) -> Double { (x * 10).rounded() / 10 }

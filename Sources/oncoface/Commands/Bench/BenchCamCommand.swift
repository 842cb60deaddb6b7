import ArgumentParser
import Foundation
import OncoData
import OncoNN
import OncoWorkbench

/// `oncoface bench cam`: milliseconds per face for Grad-CAM and guided backpropagation.
///
/// The faces are 150×150 demo-cohort chips (rendered before timing). The timed part is
/// `GradCAM.explain` on batches of `--batch` faces: one inference forward pass, the backward pass
/// to the Grad-CAM layer, the guided backward pass to the input, and the per-face maps (upsampling,
/// normalisation, guided Grad-CAM). Grad-CAM alone (no guided pass) is timed too. dlib-face carries
/// dlib's pretrained weights and a fresh 2-class head; the ResNets are randomly initialised.
struct BenchCamCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "cam",
    abstract: "Grad-CAM + guided backprop time per face.",
    discussion: """
      Prints one JSON line; ms_per_face is the median over --iters batches (two warm-up \
      batches first), ms_per_face_best the fastest batch, e.g.
        {"bench":"cam","model":"dlib-face","layer":"stage2",…,
         "ms_per_face":21.4,…}

      Example:
        oncoface bench cam --model dlib-face --threads 2
      """
  )

  @Option(
    help: "Architecture: dlib-face (pretrained, needs `make deps`), resnet10, resnet18, resnet34.")
  var model = "dlib-face"

  @Option(help: "Engine threads (default: all cores).")
  var threads = Engine.availableCores

  @Option(
    help: """
      The Grad-CAM layer or boundary (default: the one `oncoface cam` explains, stage2 for \
      dlib-face, stage3 for the ResNets).
      """)
  var layer: String?

  @Option(help: "Faces per batch.")
  var batch = 8

  @Option(help: "Timed batches; the median is reported.")
  var iters = 8

  @Flag(help: "Also print the time per layer kind of the timed Grad-CAM + guided runs (stderr).")
  var profile = false

  func validate() throws {
    guard ModelKind(rawValue: model) != nil else {
      throw ValidationError(
        "--model must be one of "
          + ModelKind.allCases.map(\.rawValue).joined(separator: ", "))
    }
    guard threads >= 1, batch >= 1, iters >= 1 else {
      throw ValidationError("--threads, --batch and --iters must be ≥ 1")
    }
  }

  func run() throws {
    Engine.threads = threads
    let kind = ModelKind(rawValue: model)!
    let net =
      kind == .dlibFace
      ? try DlibFaceResNet.load(
        from: try PretrainedModel.dlibFace(), head: .classifier(classes: 2, dropout: 0))
      : try kind.make(classes: 2)
    let options = DemoOptions(count: max(batch, 16))
    let chips = (0..<batch).map { DemoFace.render(index: $0, options: options).masked.pixels }
    let input = try DlibFaceResNet.inputTensor(rgb: chips)
    let cam = GradCAM(
      network: net,
      layer: try layer ?? SessionExplainer.defaultLayer(of: net, inputSize: DemoOptions().size))
    let first = try cam.explain(input)[0]

    func time(guided: Bool, profiled: Bool) throws -> (median: Double, best: Double) {
      for _ in 0..<2 { _ = try cam.explain(input, guided: guided) }
      let profiler = LayerProfiler()
      if profiled { net.profiler = profiler }
      var best = Double.infinity
      let median = try Benchmark.medianSeconds(warmup: 0, iterations: iters) {
        let start = Date()
        _ = try cam.explain(input, guided: guided)
        best = min(best, Date().timeIntervalSince(start))
      }
      net.profiler = nil
      if profiled { FileHandle.standardError.write(Data(profiler.report().utf8)) }
      return (median * 1000 / Double(batch), best * 1000 / Double(batch))
    }
    let both = try time(guided: true, profiled: profile)
    let gradCAM = try time(guided: false, profiled: false)

    var line = JSONLine()
    line["bench"] = "cam"
    line["model"] = .string(model)
    line["layer"] = .string(first.layer)
    line["map"] = .string("\(first.layerMap.width)x\(first.layerMap.height)")
    line["size"] = .int(DlibFaceResNet.inputSize)
    line["batch"] = .int(batch)
    line["threads"] = .int(threads)
    line["ms_per_face_gradcam"] = .double(hundredths(gradCAM.median))
    line["ms_per_face"] = .double(hundredths(both.median))
    line["ms_per_face_best"] = .double(hundredths(both.best))
    line["peak_rss_mb"] = .double(rounded(Benchmark.peakResidentMegabytes()))
    line.print()
  }

  private func hundredths(_ x: Double) -> Double { (x * 100).rounded() / 100 }
}

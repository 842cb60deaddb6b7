import ArgumentParser
import Foundation
import OncoData
import OncoNN

/// `oncoface bench cam`: milliseconds per face for Grad-CAM and guided backpropagation.
///
/// The faces are 150×150 demo-cohort chips (rendered before timing). The timed part is
/// `GradCAM.explain` on batches of `--batch` faces: one inference forward pass, the backward pass to
/// the Grad-CAM layer and the guided backward pass to the input, then the per-face maps (upsampling,
/// normalisation, guided Grad-CAM). Grad-CAM alone is timed too. Each figure is the best of
/// `--repeats` runs over `--faces` faces, so that other processes disturb it less.
struct BenchCamCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "cam",
    abstract: "Grad-CAM + guided backprop time per face.",
    discussion: """
      Prints one JSON line, e.g.
        {"bench":"cam","model":"dlib-face","layer":"stage4","threads":2,"batch":8,…,"ms_per_face":21.4}

      Example:
        oncoface bench cam --model dlib-face --threads 2
      """
  )

  enum Model: String, ExpressibleByArgument, CaseIterable {
    case dlibFace = "dlib-face", resnet10, resnet18
  }

  @Option(help: "The network: dlib-face (pretrained backbone, needs `make deps`), resnet10, resnet18.")
  var model = Model.dlibFace

  @Option(help: "Engine threads.")
  var threads = 2

  @Option(help: "The Grad-CAM layer or boundary (default: the last residual stage of at least 4×4).")
  var layer: String?

  @Option(help: "Faces per batch.")
  var batch = 8

  @Option(help: "Faces timed per run.")
  var faces = 32

  @Option(help: "Runs; the best is reported.")
  var repeats = 3

  func validate() throws {
    guard threads >= 1, batch >= 1, faces >= 1, repeats >= 1 else {
      throw ValidationError("--threads, --batch, --faces and --repeats must be ≥ 1")
    }
  }

  func run() throws {
    Engine.threads = threads
    let net = try makeNetwork()
    let options = DemoOptions(count: max(batch, 16))
    let chips = (0..<batch).map { DemoFace.render(index: $0 % options.count, options: options) }
    let input = try DlibFaceResNet.inputTensor(rgb: chips.map(\.masked.pixels))
    let cam = GradCAM(network: net, layer: layer)
    let warm = try cam.explain(input)  // plans buffers; not timed
    let batches = (faces + batch - 1) / batch

    func best(guided: Bool) throws -> Double {
      var fastest = Double.infinity
      for _ in 0..<repeats {
        let start = Date()
        for _ in 0..<batches { _ = try cam.explain(input, guided: guided) }
        fastest = min(fastest, Date().timeIntervalSince(start))
      }
      return fastest * 1000 / Double(batches * batch)
    }
    let both = try best(guided: true)
    let gradCAMOnly = try best(guided: false)

    var line = JSONLine()
    line["bench"] = "cam"
    line["model"] = .string(model.rawValue)
    line["layer"] = .string(warm[0].layer)
    line["map"] = .string("\(warm[0].layerMap.width)x\(warm[0].layerMap.height)")
    line["size"] = .int(DlibFaceResNet.inputSize)
    line["threads"] = .int(threads)
    line["batch"] = .int(batch)
    line["faces"] = .int(batches * batch)
    line["repeats"] = .int(repeats)
    line["ms_per_face_gradcam"] = .double((gradCAMOnly * 100).rounded() / 100)
    line["ms_per_face"] = .double((both * 100).rounded() / 100)
    line.print()
  }

  private func makeNetwork() throws -> Network {
    switch model {
    case .dlibFace:
      return try DlibFaceResNet.load(
        from: try BenchCamCommand.dlibModel(), head: .classifier(classes: 2, dropout: 0))
    case .resnet10: return try ResNet.make(depth: 10, classes: 2)
    case .resnet18: return try ResNet.make(depth: 18, classes: 2)
    }
  }

  // TODO(merge wb): use OncoWorkbench.PretrainedModel.dlibFace().
  static func dlibModel() throws -> URL {
    let url = URL(fileURLWithPath: "Assets/models/dlib_face_recognition_resnet_model_v1.dat")
    guard FileManager.default.fileExists(atPath: url.path) else {
      throw ValidationError("\(url.path) is missing: run `make deps`")
    }
    return url
  }
}

import Foundation
import OncoImage
import OncoNN

/// A trained session's network with its best epoch's weights, for inference: `oncoface predict`,
/// Grad-CAM (`oncoface cam`), the workbench.
///
/// The network has two outputs; class 1 is `positiveLabel`. Its boundaries are `stem`,
/// `stage1`…, `features`, `logits` (see `ModelArchitecture`), so Grad-CAM can read the last
/// stage's activation and gradient by name.
///
///     let model = try SessionModel.load(SessionFolder(url: sessionURL))
///     let p = try model.probabilities(of: [chip])   // P(positive) per 150×150 chip
public final class SessionModel: @unchecked Sendable {
  public let session: SessionFolder
  public let record: SessionRecord
  /// The network in inference use (`forward(_:mode: .inference)`); not thread-safe.
  public let network: Network
  /// The label value of class 1.
  public let positiveLabel: String
  /// The other label value when there was exactly one, else nil.
  public let negativeLabel: String?
  /// Side of the square chips the network takes.
  public let inputSize: Int
  let loader: ChipLoader

  private init(session: SessionFolder, record: SessionRecord, network: Network) {
    self.session = session
    self.record = record
    self.network = network
    positiveLabel = record.config.positiveLabel ?? "case"
    negativeLabel = record.config.negativeLabel
    loader = ChipLoader.dlibFace(threads: max(1, Engine.threads))
    inputSize = loader.size
  }

  /// Reads session.json and the best weights of model.safetensors. The pretrained model file is
  /// not needed: every weight comes from the session.
  public static func load(_ session: SessionFolder) throws -> SessionModel {
    let record = try session.readRecord()
    let checkpoint = try SessionCheckpoint.read(from: session.modelFile)
    let network = try ModelArchitecture.network(for: record.config, pretrainedWeights: false)
    do {
      try Checkpoint(tensors: checkpoint.best).restore(into: network, path: session.modelFile.path)
    } catch {
      throw SessionError.damaged(path: session.modelFile.path, reason: "\(error)")
    }
    return SessionModel(session: session, record: record, network: network)
  }

  /// The chip the session trained on for a prepared item: `masked/<id>.png` or `chips/<id>.png`
  /// under `prepared`.
  public func chipURL(id: String, in prepared: URL) -> URL {
    prepared.appendingPathComponent(record.config.masked ? "masked" : "chips")
      .appendingPathComponent(id + ".png")
  }

  /// The network input for `chips` (each `inputSize`×`inputSize` RGB), normalised as in training.
  public func input(_ chips: [RGBImage]) throws -> Tensor {
    let count = loader.imageCount
    var values = [Float](repeating: 0, count: chips.count * count)
    try values.withUnsafeMutableBufferPointer { buffer in
      for (i, chip) in chips.enumerated() {
        guard chip.width == inputSize, chip.height == inputSize else {
          throw TensorError.invalidArgument(
            operation: "SessionModel.input",
            reason: "chip \(i) is \(chip.width)×\(chip.height), the network takes "
              + "\(inputSize)×\(inputSize)")
        }
        loader.pack(chip, into: buffer.baseAddress! + i * count)
      }
    }
    return try Tensor(shape: Shape(chips.count, 3, inputSize, inputSize), scalars: values)
  }

  /// P(positive label) for each chip (inference mode).
  public func probabilities(of chips: [RGBImage]) throws -> [Double] {
    try probabilities(logits: network.forward(input(chips), mode: .inference))
  }

  /// P(class 1) from `[n, 2]` logits.
  func probabilities(logits: Tensor) -> [Double] {
    (0..<logits.shape.n).map { i in
      let a = Double(logits[flat: 2 * i]), b = Double(logits[flat: 2 * i + 1])
      return 1 / (1 + exp(a - b))
    }
  }
}

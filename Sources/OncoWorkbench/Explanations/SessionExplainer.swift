import Foundation
import OncoData
import OncoFace
import OncoImage
import OncoNN

/// A trained session's network with Grad-CAM, and the face landmarks of its prepared folder: the
/// maps and region shares of any of its faces.
///
///     let explainer = try SessionExplainer(session: session)
///     let result = try explainer.maps(for: mistakes, explaining: .predicted)
///     for face in result.maps {
///       try face.write(CamFiles(session: session, id: face.prediction.id))
///     }
///
/// Class 1 is the session's positive label. Faces are explained in batches of `batchSize`; a face
/// whose chip cannot be read is reported in `failures` and the others go on. Not thread-safe (the
/// network is not): use one explainer from one thread at a time, as `CamOnDemand` does.
public final class SessionExplainer: @unchecked Sendable {
  /// Which class a face's maps explain.
  public enum Target: Sendable, Equatable {
    /// The class the network predicts (what made it say so: used for mistakes).
    case predicted
    /// The face's own label (the evidence for its true class: used for class averages, regions
    /// and the trust checks).
    case label
  }

  public let session: SessionFolder
  public let model: SessionModel
  /// The Grad-CAM layer: the one asked for, else `defaultLayer(of:inputSize:)`.
  public let layer: String
  public var batchSize = 8
  private var landmarkTable: [String: FaceLandmarks]?

  /// The largest distance between the cells of the default layer's map, in chip pixels: 16,
  /// and 10 for dlib-face. A map cannot point more finely than its cells, and on coarse maps a
  /// network with randomised weights points into the demo cohort's cheek masks as often as a
  /// trained one: at 32 px for every network, at 16 px for dlib-face (24–28 of 30 faces), not
  /// for the ResNets from scratch (0–16 of 30); README "Explanations".
  public static func maximumDefaultSpacing(of network: Network) -> Double {
    network.architecture.hasPrefix("dlib-face") ? 10 : 16
  }

  /// Loads the session's best weights; `layer` nil picks `defaultLayer(of:inputSize:)`.
  public convenience init(session: SessionFolder, layer: String? = nil) throws {
    try self.init(model: try SessionModel.load(session), layer: layer)
  }

  /// An explainer over an already loaded model (e.g. one whose weights were randomised). The
  /// model's two logits are centred first (`centreLogits`), which changes no probability.
  public init(model: SessionModel, layer: String? = nil) throws {
    session = model.session
    self.model = model
    try SessionExplainer.centreLogits(of: model.network)
    self.layer =
      try layer ?? SessionExplainer.defaultLayer(of: model.network, inputSize: model.inputSize)
  }

  /// The deepest residual stage ("stageN" boundary) whose cells lie at most
  /// `maximumDefaultSpacing(of:)` chip pixels apart: at 150 px `stage2` for dlib-face (17×17
  /// cells 8 px apart) and `stage3` for the ResNets (10×10, 16 px); the first stage when none is
  /// that fine.
  public static func defaultLayer(of network: Network, inputSize: Int) throws -> String {
    let stages = network.boundaries.filter { $0.hasPrefix("stage") }
    guard let first = stages.first else {
      throw CamError.noDefaultLayer(architecture: network.architecture)
    }
    _ = try network.forward(
      Tensor(shape: Shape(1, network.inputChannels, inputSize, inputSize)), mode: .inference,
      to: stages.last!)
    for name in stages.reversed()
    where try network.cellGeometry(of: name).spacing <= maximumDefaultSpacing(of: network) {
      return name
    }
    return first
  }

  /// Makes a two-class head's logits z₀, z₁ into (z₀ − z₁)/2 and (z₁ − z₀)/2, so that each class's
  /// score is half its log-odds. Softmax sees only the difference, so no probability changes; but
  /// Grad-CAM of a raw logit also follows the part both logits share, (z₀ + z₁)/2, which training
  /// never moves from its random start (the cross-entropy's gradients on the two rows cancel), and
  /// which would add the untrained head's noise to every map. Other heads are left as they are.
  static func centreLogits(of network: Network) throws {
    for p in network.parameters where p.name.hasPrefix("head.fc.") {
      let values = p.value.scalars
      guard values.count % 2 == 0, p.value.shape.n == 2 else { continue }
      let half = values.count / 2
      var centred = values
      for i in 0..<half {
        let d = (values[half + i] - values[i]) / 2
        centred[i] = -d
        centred[half + i] = d
      }
      try p.assign(Tensor(shape: p.value.shape, scalars: centred))
    }
  }

  /// The prepared folder the session's chips and landmarks come from.
  public var preparedFolder: URL? {
    model.record.config.prepared.map { URL(fileURLWithPath: $0) }
  }

  /// The label of class `index` (1: the positive label).
  public func label(ofClass index: Int) -> String {
    index == 1 ? model.positiveLabel : (model.negativeLabel ?? "not " + model.positiveLabel)
  }

  /// The class index of `prediction` for `target`.
  public func classIndex(of prediction: Prediction, _ target: Target) -> Int {
    switch target {
    case .predicted: return prediction.probability >= 0.5 ? 1 : 0
    case .label: return prediction.label == model.positiveLabel ? 1 : 0
    }
  }

  /// The maps of `predictions`' faces; `guided: false` skips guided Grad-CAM (half the work).
  /// `progress` gets the number of faces done after each batch.
  public func maps(
    for predictions: [Prediction], explaining target: Target, guided: Bool = true,
    progress: (Int) -> Void = { _ in }
  ) throws -> (maps: [FaceMaps], failures: [CamError]) {
    var maps: [FaceMaps] = []
    var failures: [CamError] = []
    var done = 0
    for start in stride(from: 0, to: predictions.count, by: max(1, batchSize)) {
      let batch = predictions[start..<min(predictions.count, start + max(1, batchSize))]
      var ready: [(Prediction, RGBImage)] = []
      for p in batch {
        do {
          ready.append((p, try chip(of: p)))
        } catch let error as CamError {
          failures.append(error)
        }
      }
      if !ready.isEmpty {
        let explanations = try GradCAM(network: model.network, layer: layer).explain(
          model.input(ready.map(\.1)),
          target: .perImage(ready.map { classIndex(of: $0.0, target) }), guided: guided)
        for ((p, chip), e) in zip(ready, explanations) {
          let regions = try regionMap(id: p.id, width: chip.width, height: chip.height)
          maps.append(
            FaceMaps(
              prediction: p, explainedLabel: label(ofClass: e.targetClass), chip: chip,
              gradCAM: e.gradCAM, peak: e.peak, guidedGradCAM: e.guidedGradCAM,
              shares: regions?.shares(of: e.gradCAM.values), layer: e.layer))
        }
      }
      done += batch.count
      progress(done)
    }
    return (maps, failures)
  }

  /// The chip the network saw for `prediction`.
  public func chip(of prediction: Prediction) throws -> RGBImage {
    guard !prediction.id.isEmpty else { throw CamError.missingID(path: prediction.path) }
    do {
      let image = try RGBImage(contentsOf: prediction.chip)
      guard image.width == model.inputSize, image.height == model.inputSize else {
        throw CamError.unreadableChip(
          id: prediction.id, path: prediction.chip,
          reason: "it is \(image.width)×\(image.height), the network takes "
            + "\(model.inputSize)×\(model.inputSize)")
      }
      return image
    } catch let error as CamError {
      throw error
    } catch {
      throw CamError.unreadableChip(id: prediction.id, path: prediction.chip, reason: "\(error)")
    }
  }

  /// The landmarks of face `id` in chip pixels, from the prepared folder's landmarks.csv; nil
  /// when the folder or the row is missing.
  public func landmarks(id: String) throws -> FaceLandmarks? {
    if landmarkTable == nil { landmarkTable = try readLandmarks() }
    return landmarkTable?[id]
  }

  /// The face regions of face `id`; nil without landmarks.
  public func regionMap(id: String, width: Int, height: Int) throws -> FaceRegionMap? {
    try landmarks(id: id).map { FaceRegionMap(landmarks: $0, width: width, height: height) }
  }

  /// landmarks.csv as a table by id (rows that do not parse are left out); empty when absent.
  private func readLandmarks() throws -> [String: FaceLandmarks] {
    guard let folder = preparedFolder else { return [:] }
    let url = PreparedFolder(folder).landmarksFile
    guard FileManager.default.fileExists(atPath: url.path) else { return [:] }
    let csv = try CSVFile(contentsOf: url)
    var table: [String: FaceLandmarks] = [:]
    for record in csv.records where record.problem == nil && record.fields.count == 137 {
      let numbers = record.fields.dropFirst().compactMap { Double($0) }
      guard numbers.count == 136, numbers.allSatisfy(\.isFinite) else { continue }
      table[record.fields[0]] = FaceLandmarks(
        points: (0..<68).map { Point(x: numbers[2 * $0], y: numbers[2 * $0 + 1]) })
    }
    return table
  }
}

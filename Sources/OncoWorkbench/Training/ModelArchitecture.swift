import OncoNN

/// The network a `TrainingConfig` names, with the head OncoFace trains: 2 classes, class 1 the
/// positive label.
///
/// dlib-face is dlib's face ResNet up to its 256 pooled features (`features`), then `head.norm`
/// (a fixed per-feature shift and one overall scale), `head.dropout` (when dropout > 0) and
/// `head.fc`; ResNets 10/18/34 are OncoNN's (`config.width` times the usual channels) with
/// `head.dropout` and `head.fc`. Boundaries:
/// `stem`, `stage1`…, `features`, `logits`.
enum ModelArchitecture {
  /// The network for `config`; with `pretrainedWeights`, dlib-face carries dlib's weights
  /// (needs the model file), else every layer has its seeded initial values (to load a
  /// checkpoint into).
  static func network(for config: TrainingConfig, pretrainedWeights: Bool) throws -> Network {
    let dropout = Float(config.dropout)
    switch config.model {
    case .dlibFace:
      let network =
        pretrainedWeights
        ? try DlibFaceResNet.load(from: try PretrainedModel.dlibFace(), seed: config.seed)
        : try DlibFaceResNet.make(seed: config.seed)
      var head: [(String, any Layer)] = [("head.norm", Affine(channels: 256))]
      if dropout > 0 {
        head.append(("head.dropout", try Dropout(probability: dropout, seed: config.seed &+ 1)))
      }
      head.append(("head.fc", try Linear(inputs: 256, outputs: 2, seed: config.seed)))
      try network.replaceLayers(after: "features", with: head)
      try network.markBoundary("logits", at: "head.fc")
      return network
    case .resnet10, .resnet18, .resnet34:
      return try ResNet.make(
        depth: config.model.depth, width: config.width ?? 1, classes: 2, dropout: dropout,
        seed: config.seed)
    }
  }
}

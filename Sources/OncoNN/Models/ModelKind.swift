/// The architectures OncoFace trains, by the names its commands use (`--model`).
public enum ModelKind: String, CaseIterable, Sendable, Codable {
  case dlibFace = "dlib-face"
  case resnet10, resnet18, resnet34

  /// A randomly initialised network with a `classes`-way head (dropout first when > 0); for
  /// dlib-face the head replaces the 128-d descriptor on the pooled 256 features. `width` scales
  /// the ResNets' channels (dlib-face has fixed widths).
  public func make(classes: Int, width: Double = 1, dropout: Float = 0, seed: UInt64 = 1) throws
    -> Network
  {
    switch self {
    case .dlibFace:
      return try DlibFaceResNet.make(
        head: .classifier(classes: classes, dropout: dropout), seed: seed)
    case .resnet10, .resnet18, .resnet34:
      return try ResNet.make(
        depth: depth, width: width, classes: classes, dropout: dropout, seed: seed)
    }
  }

  /// ResNet depth (dlib-face: 29 convolutions).
  public var depth: Int {
    switch self {
    case .dlibFace: return 29
    case .resnet10: return 10
    case .resnet18: return 18
    case .resnet34: return 34
    }
  }

  /// The last residual stage's boundary ("stage5" for dlib-face, "stage4" for the ResNets) and
  /// the one before it, which `--freeze stage` freezes through.
  public var lastStage: String { self == .dlibFace ? "stage5" : "stage4" }
  public var stageBeforeLast: String { self == .dlibFace ? "stage4" : "stage3" }
}

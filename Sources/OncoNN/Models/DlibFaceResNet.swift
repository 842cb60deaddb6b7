import Foundation

/// dlib's face-recognition ResNet (`anet_type` of dlib's dnn_face_recognition_ex.cpp), the network
/// behind dlib_face_recognition_resnet_model_v1.dat, rebuilt from OncoNN layers.
///
/// Input: 150×150 RGB normalised as (pixel − mean_rgb)/256 (`inputTensor(rgb:)` does it). 29
/// convolutions with bias, each followed by an affine layer; stride-2 convolutions and pools are
/// unpadded, 3×3 stride-1 convolutions padded by 1. Residual blocks add their input; the first
/// block of stages 2–5 adds a 2×2 average pool of its input instead, zero-padded to the block's
/// channels and size (dlib's rule; at stage 4 the block gives 3×3, the pool 4×4). Sizes:
///
///     stem     conv 7×7/2 (32) 150→72, affine+ReLU, max pool 3×3/2 → 35      boundary "stem"
///     stage1   3 blocks of 32 at 35×35                                      boundary "stage1"
///     stage2   4 blocks of 64, 35→17                                        boundary "stage2"
///     stage3   3 blocks of 128, 17→8                                        boundary "stage3"
///     stage4   3 blocks of 256, 8→4                                         boundary "stage4"
///     stage5   1 block of 256, 4→2                                          boundary "stage5"
///     pool     global average (256)                                         boundary "features"
///     descriptor: linear 256→128 without bias (the face descriptor)         boundary "descriptor"
///
/// `make(head: .classifier…)` replaces the descriptor by dropout + linear for transfer learning.
/// Layer names: `stageS.blockB.conv1`, `.affine1`, `.conv2`, `.affine2`, `.pool` (shortcut),
/// `.add`.
public enum DlibFaceResNet {
  /// What follows the pooled 256 features.
  public enum Head: Sendable, Equatable {
    /// dlib's 128-d descriptor layer (fc without bias).
    case descriptor
    /// Dropout (when > 0) and a linear layer to `classes` outputs, as `head.dropout`, `head.fc`.
    case classifier(classes: Int, dropout: Float)
  }

  /// Side of the input chip.
  public static let inputSize = 150
  /// dlib's per-channel means (red, green, blue).
  public static let meanRGB: (Float, Float, Float) = (122.782, 117.001, 104.298)
  /// Filters per stage, stem first.
  static let stages: [(blocks: Int, channels: Int, downsample: Bool)] = [
    (3, 32, false), (4, 64, true), (3, 128, true), (3, 256, true), (1, 256, true),
  ]

  /// The architecture with default weights (identity affine layers, He-normal convolutions).
  public static func make(head: Head = .descriptor, seed: UInt64 = 1) throws -> Network {
    let net = Network(inputChannels: 3, minimumInputSize: inputSize, architecture: "dlib-face")
    var seeds = RandomSource(seed: seed)
    try net.add(
      "stem.conv",
      Conv2d(
        inputChannels: 3, outputChannels: 32, kernel: 7, stride: 2, bias: true, seed: seeds.next()))
    try net.add("stem.affine", Affine(channels: 32, activation: .relu))
    try net.add("stem.pool", MaxPool2d(kernel: 3, stride: 2))
    try net.markBoundary("stem", at: "stem.pool")
    var last = "stem.pool"
    var channels = 32
    for (s, stage) in stages.enumerated() {
      for b in 0..<stage.blocks {
        let name = "stage\(s + 1).block\(b + 1)"
        let down = stage.downsample && b == 0
        try net.add(
          "\(name).conv1",
          Conv2d(
            inputChannels: channels, outputChannels: stage.channels, kernel: 3,
            stride: down ? 2 : 1,
            padding: down ? 0 : 1, bias: true, seed: seeds.next()),
          inputs: [last])
        try net.add("\(name).affine1", Affine(channels: stage.channels, activation: .relu))
        try net.add(
          "\(name).conv2",
          Conv2d(
            inputChannels: stage.channels, outputChannels: stage.channels, kernel: 3, padding: 1,
            bias: true, seed: seeds.next()))
        try net.add("\(name).affine2", Affine(channels: stage.channels))
        var shortcut = last
        if down {
          shortcut = try net.add("\(name).pool", AvgPool2d(kernel: 2, stride: 2), inputs: [last])
        }
        last = try net.add(
          "\(name).add", ResidualAdd(activation: .relu), inputs: ["\(name).affine2", shortcut])
        channels = stage.channels
      }
      try net.markBoundary("stage\(s + 1)", at: last)
    }
    try net.add("pool", GlobalAvgPool())
    try net.markBoundary("features", at: "pool")
    switch head {
    case .descriptor:
      try net.add("descriptor", Linear(inputs: 256, outputs: 128, bias: false, seed: seeds.next()))
      try net.markBoundary("descriptor", at: "descriptor")
    case .classifier(let classes, let dropout):
      try ResNet.addClassifier(
        net, after: "features", features: 256, classes: classes, dropout: dropout,
        seed: seeds.next())
      net.architecture = "dlib-face, \(classes) classes"
    }
    return net
  }

  /// Reads dlib_face_recognition_resnet_model_v1.dat and returns the network with its weights
  /// (the descriptor head, or a fresh classifier head on the pretrained backbone).
  public static func load(from url: URL, head: Head = .descriptor, seed: UInt64 = 1) throws
    -> Network
  {
    let weights = try DlibModelFile.read(from: url)
    let net = try make(head: head, seed: seed)
    try weights.load(into: net, path: url.path)
    return net
  }

  /// A batch tensor from 150×150 RGB chips (interleaved bytes, row-major), normalised as dlib does.
  public static func inputTensor(rgb chips: [[UInt8]]) throws -> Tensor {
    let side = inputSize
    let t = Tensor(shape: Shape(chips.count, 3, side, side))
    let (mr, mg, mb) = meanRGB
    for (n, chip) in chips.enumerated() {
      guard chip.count == side * side * 3 else {
        throw TensorError.invalidArgument(
          operation: "DlibFaceResNet.inputTensor",
          reason: "chip \(n) has \(chip.count) bytes; a 150×150 RGB chip has \(side * side * 3)")
      }
      let base = t.pointer + n * 3 * side * side
      for i in 0..<(side * side) {
        base[i] = (Float(chip[3 * i]) - mr) / 256
        base[side * side + i] = (Float(chip[3 * i + 1]) - mg) / 256
        base[2 * side * side + i] = (Float(chip[3 * i + 2]) - mb) / 256
      }
    }
    return t
  }
}

/// ResNets with basic blocks (He et al. 2016, torchvision's layout) for any input of 32×32 or more.
///
/// Layer names and boundaries (each boundary is a cut, see `Network`):
///
///     stem.conv, stem.bn (+ReLU), stem.pool                          boundary "stem"
///     stage1.block1.conv1, .bn1 (+ReLU), .conv2, .bn2,
///       [.downsample.conv, .downsample.bn], .add (+ReLU)           boundary "stage1" … "stage4"
///     pool (global average)                                        boundary "features"
///     head.dropout (when dropout > 0), head.fc                     boundary "logits"
///
/// Batch norm is fused with the ReLU that follows it, and each block's final ReLU with its add.
public enum ResNet {
  /// Blocks per stage for the supported depths.
  public static func blocks(depth: Int) throws -> [Int] {
    switch depth {
    case 10: return [1, 1, 1, 1]
    case 18: return [2, 2, 2, 2]
    case 34: return [3, 4, 6, 3]
    default:
      throw TensorError.invalidArgument(
        operation: "ResNet", reason: "depth \(depth) is not one of 10, 18, 34")
    }
  }

  /// Stage widths: 64, 128, 256, 512 times `width` (rounded, at least 1).
  public static func widths(_ width: Double) -> [Int] {
    [64, 128, 256, 512].map { max(1, Int((Double($0) * width).rounded())) }
  }

  /// A randomly initialised ResNet-`depth` with a `classes`-way linear head.
  public static func make(
    depth: Int, width: Double = 1, classes: Int, dropout: Float = 0, inputChannels: Int = 3,
    seed: UInt64 = 1
  ) throws -> Network {
    let counts = try blocks(depth: depth)
    guard width > 0, classes >= 1 else {
      throw TensorError.invalidArgument(
        operation: "ResNet", reason: "width \(width) and classes \(classes) must be positive")
    }
    let w = widths(width)
    let net = Network(
      inputChannels: inputChannels, minimumInputSize: 32,
      architecture: "resnet\(depth) width \(width), \(classes) classes")
    var seeds = RandomSource(seed: seed)
    try net.add(
      "stem.conv",
      Conv2d(
        inputChannels: inputChannels, outputChannels: w[0], kernel: 7, stride: 2, padding: 3,
        seed: seeds.next()))
    try net.add("stem.bn", BatchNorm2d(channels: w[0], activation: .relu))
    try net.add("stem.pool", MaxPool2d(kernel: 3, stride: 2, padding: 1))
    try net.markBoundary("stem", at: "stem.pool")
    var channels = w[0]
    var last = "stem.pool"
    for (s, count) in counts.enumerated() {
      for b in 0..<count {
        let name = "stage\(s + 1).block\(b + 1)"
        let stride = (s > 0 && b == 0) ? 2 : 1
        last = try addBasicBlock(
          net, name: name, input: last, inputChannels: channels, outputChannels: w[s],
          stride: stride,
          seeds: &seeds)
        channels = w[s]
      }
      try net.markBoundary("stage\(s + 1)", at: "stage\(s + 1).block\(count).add")
    }
    try net.add("pool", GlobalAvgPool())
    try net.markBoundary("features", at: "pool")
    try addClassifier(
      net, after: "features", features: channels, classes: classes, dropout: dropout,
      seed: seeds.next())
    return net
  }

  /// Replaces everything after `features` by `head.dropout` (when dropout > 0) and `head.fc`, and
  /// marks "logits".
  public static func addClassifier(
    _ net: Network, after features: String, features count: Int, classes: Int, dropout: Float,
    seed: UInt64
  ) throws {
    var head: [(String, any Layer)] = []
    if dropout > 0 {
      head.append(("head.dropout", try Dropout(probability: dropout, seed: seed &+ 1)))
    }
    head.append(("head.fc", try Linear(inputs: count, outputs: classes, seed: seed)))
    try net.replaceLayers(after: features, with: head)
    try net.markBoundary("logits", at: "head.fc")
  }

  /// Adds one basic block reading `input`; returns the name of its output (the add).
  @discardableResult
  private static func addBasicBlock(
    _ net: Network, name: String, input: String, inputChannels: Int, outputChannels: Int,
    stride: Int,
    seeds: inout RandomSource
  ) throws -> String {
    try net.add(
      "\(name).conv1",
      Conv2d(
        inputChannels: inputChannels, outputChannels: outputChannels, kernel: 3, stride: stride,
        padding: 1, seed: seeds.next()),
      inputs: [input])
    try net.add("\(name).bn1", BatchNorm2d(channels: outputChannels, activation: .relu))
    try net.add(
      "\(name).conv2",
      Conv2d(
        inputChannels: outputChannels, outputChannels: outputChannels, kernel: 3, padding: 1,
        seed: seeds.next()))
    try net.add("\(name).bn2", BatchNorm2d(channels: outputChannels))
    var shortcut = input
    if stride != 1 || inputChannels != outputChannels {
      try net.add(
        "\(name).downsample.conv",
        Conv2d(
          inputChannels: inputChannels, outputChannels: outputChannels, kernel: 1, stride: stride,
          seed: seeds.next()),
        inputs: [input])
      shortcut = try net.add("\(name).downsample.bn", BatchNorm2d(channels: outputChannels))
    }
    return try net.add(
      "\(name).add", ResidualAdd(activation: .relu), inputs: ["\(name).bn2", shortcut])
  }
}

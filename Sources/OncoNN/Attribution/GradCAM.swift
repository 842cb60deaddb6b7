import Foundation

/// Grad-CAM, guided backpropagation and guided Grad-CAM (Selvaraju et al., 2017) of a classifier.
///
///     let net = try DlibFaceResNet.load(from: modelURL, head: .classifier(classes: 2, dropout: 0))
///     let cam = GradCAM(network: net, layer: "stage4")
///     let maps = try cam.explain(DlibFaceResNet.inputTensor(rgb: chips), target: .predicted)
///     maps[0].gradCAM          // 150×150, [0, 1]
///     maps[0].guidedGradCAM    // 150×150, [0, 1]
///
/// One inference-mode forward pass, one ordinary backward pass from the class score down to the
/// layer (Grad-CAM) and one guided backward pass down to the input (guided backpropagation), for
/// the whole batch at once: images in a batch do not interact in inference mode, so the gradient
/// of the sum of their class scores is each image's own gradient. The class score is the
/// pre-softmax logit (for a one-logit head: the logit for class 1, its negation for class 0).
/// Parameters and their gradients are left untouched. Uses the network, so like it, a `GradCAM`
/// serves one thread at a time.
public struct GradCAM: Sendable {
  /// Which class each image's maps explain.
  public enum Target: Sendable, Equatable {
    /// The class the network predicts for that image.
    case predicted
    /// The same class for every image.
    case classIndex(Int)
    /// One class per image of the batch.
    case perImage([Int])
  }

  /// The smallest map side the default layer must have; a 2×2 map cannot point at a face part.
  public static let minimumDefaultSide = 4

  public let network: Network
  /// The layer or boundary explained; nil picks the last residual stage ("stageN" boundary)
  /// whose map is at least `minimumDefaultSide` on each side at the input given (dlib-face at
  /// 150 px: stage4, 4×4; ResNet-18 at 150 px: stage4, 5×5).
  public let layer: String?

  public init(network: Network, layer: String? = nil) {
    self.network = network
    self.layer = layer
  }

  /// The maps of every image of `input` (`[n, channels, h, w]`, normalised as the network
  /// expects); `guided: false` skips the guided pass (Grad-CAM only, about half the work).
  public func explain(_ input: Tensor, target: Target = .predicted, guided: Bool = true) throws
    -> [Explanation]
  {
    let logits = try network.forward(input, mode: .inference)
    let n = input.shape.n
    let classes = logits.count / max(1, n)
    let scores = (0..<n).map { i in (0..<classes).map { logits[flat: i * classes + $0] } }
    let probabilities = scores.map(GradCAM.probabilities)
    let targets = try resolve(target, probabilities: probabilities, classes: classes)
    let name = try layer ?? defaultLayer()

    // d(sum of the chosen class scores)/d(logits): one-hot rows (−1 for class 0 of a one-logit
    // head).
    var seed = Tensor(shape: logits.shape)
    for i in 0..<n {
      if classes == 1 {
        seed[flat: i] = targets[i] == 1 ? 1 : -1
      } else {
        seed[flat: i * classes + targets[i]] = 1
      }
    }
    try network.backward(seed, target: .layer(name), parameterGradients: false)
    let activation = try network.activation(at: name)
    let gradient = try network.gradient(at: name)
    var guidedGradient: Tensor? = nil
    if guided {
      try network.backward(seed, target: .input, guided: true, parameterGradients: false)
      guidedGradient = try network.inputGradient()
    }

    let (h, w) = (input.shape.h, input.shape.w)
    let geometry = try network.cellGeometry(of: name)
    return (0..<n).map { i in
      let (weights, coarse) = GradCAM.weightedMap(activation, gradient, sample: i)
      let cam = coarse.resampled(width: w, height: h, geometry: (geometry, geometry)).normalized()
      let (cx, cy) = coarse.argmax
      let peak = SIMD2(
        min(max(geometry.centre(of: cx), 0), Double(w - 1)),
        min(max(geometry.centre(of: cy), 0), Double(h - 1)))
      var saliency: HeatMap? = nil
      var product: HeatMap? = nil
      if let guidedGradient {
        let s = GradCAM.saliency(guidedGradient, sample: i)
        saliency = s
        product = GradCAM.percentileScaled(
          HeatMap(width: w, height: h, values: zip(s.values, cam.values).map { $0 * $1 }))
      }
      return Explanation(
        layer: name, targetClass: targets[i], scores: scores[i], probabilities: probabilities[i],
        channelWeights: weights, layerMap: coarse, gradCAM: cam, peak: peak,
        guidedBackpropagation: saliency,
        guidedGradCAM: product)
    }
  }

  /// The default layer for the last forward pass (see `layer`).
  func defaultLayer() throws -> String {
    let stages = network.boundaries.filter { $0.hasPrefix("stage") }
    guard !stages.isEmpty else {
      throw NetworkError.wrongInput(
        "\(network.architecture) has no residual-stage boundary; name a layer for Grad-CAM")
    }
    for name in stages.reversed() {
      let s = network.nodes[try network.boundaryIndex(name)].output.shape
      if min(s.h, s.w) >= GradCAM.minimumDefaultSide { return name }
    }
    return stages[0]
  }

  private func resolve(_ target: Target, probabilities: [[Float]], classes: Int) throws -> [Int] {
    let n = probabilities.count
    let targets: [Int]
    switch target {
    case .predicted:
      targets = probabilities.map { p in p.indices.max { p[$0] < p[$1] }! }
    case .classIndex(let c):
      targets = [Int](repeating: c, count: n)
    case .perImage(let list):
      guard list.count == n else {
        throw NetworkError.wrongInput("Grad-CAM: \(list.count) target classes for \(n) images")
      }
      targets = list
    }
    let count = max(2, classes)
    if let bad = targets.first(where: { !(0..<count).contains($0) }) {
      throw NetworkError.wrongInput(
        "Grad-CAM: class \(bad) does not exist; \(network.architecture) has \(count) classes")
    }
    return targets
  }

  /// Channel weights (spatial means of the gradient) and ReLU(Σ weight·activation) of sample i.
  static func weightedMap(_ activation: Tensor, _ gradient: Tensor, sample i: Int)
    -> ([Float], HeatMap)
  {
    let s = activation.shape
    let plane = s.h * s.w
    var weights = [Float](repeating: 0, count: s.c)
    var map = [Float](repeating: 0, count: plane)
    activation.withUnsafeBufferPointer { a in
      gradient.withUnsafeBufferPointer { g in
        for k in 0..<s.c {
          let base = (i * s.c + k) * plane
          var sum: Float = 0
          for j in 0..<plane { sum += g[base + j] }
          let alpha = sum / Float(plane)
          weights[k] = alpha
          if alpha == 0 { continue }
          for j in 0..<plane { map[j] += alpha * a[base + j] }
        }
      }
    }
    return (weights, HeatMap(width: s.w, height: s.h, values: map.map { max(0, $0) }))
  }

  /// Per pixel the largest absolute gradient over the channels of sample i.
  static func saliency(_ gradient: Tensor, sample i: Int) -> HeatMap {
    let s = gradient.shape
    let plane = s.h * s.w
    var out = [Float](repeating: 0, count: plane)
    gradient.withUnsafeBufferPointer { g in
      for c in 0..<s.c {
        let base = (i * s.c + c) * plane
        for j in 0..<plane { out[j] = max(out[j], abs(g[base + j])) }
      }
    }
    return HeatMap(width: s.w, height: s.h, values: out)
  }

  /// The map divided by its 99th percentile (over its non-zero values) and clipped to [0, 1].
  static func percentileScaled(_ map: HeatMap) -> HeatMap {
    var positive = map.values.filter { $0 > 0 }
    guard !positive.isEmpty else { return map.normalized() }
    let top = positive.max()!
    let reference = selectElement(
      &positive, rank: min(positive.count - 1, positive.count * 99 / 100))
    let scale = 1 / max(reference, top * 1e-6)
    return HeatMap(
      width: map.width, height: map.height, values: map.values.map { min(1, max(0, $0 * scale)) })
  }

  /// The value that would sit at index `rank` if `values` were sorted (Hoare's quickselect, with
  /// the middle element as pivot; `values` is reordered). Linear time, unlike a sort.
  static func selectElement(_ values: inout [Float], rank: Int) -> Float {
    var low = 0
    var high = values.count - 1
    while low < high {
      let pivot = values[(low + high) / 2]
      var i = low
      var j = high
      while i <= j {
        while values[i] < pivot { i += 1 }
        while values[j] > pivot { j -= 1 }
        if i <= j {
          values.swapAt(i, j)
          i += 1
          j -= 1
        }
      }
      if rank <= j {
        high = j
      } else if rank >= i {
        low = i
      } else {
        return values[rank]
      }
    }
    return values[rank]
  }

  static func probabilities(_ scores: [Float]) -> [Float] {
    if scores.count == 1 {
      let p = 1 / (1 + exp(-scores[0]))
      return [1 - p, p]
    }
    let top = scores.max() ?? 0
    let e = scores.map { exp($0 - top) }
    let total = e.reduce(0, +)
    return e.map { $0 / total }
  }
}

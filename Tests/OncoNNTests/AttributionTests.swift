import XCTest

@testable import OncoNN

/// Grad-CAM, guided backpropagation and guided Grad-CAM: the gradients they rest on against finite
/// differences and hand computations, the upsampling convention, normalisation and batching.
final class AttributionTests: XCTestCase {
  /// A tiny ResNet-10 with non-trivial batch norms (so that scores depend on every layer).
  func tinyResNet(classes: Int = 3) throws -> Network {
    let net = try ResNet.make(depth: 10, width: 1.0 / 16, classes: classes, seed: 11)
    for p in net.stateParameters {
      var rng = RandomSource(seed: UInt64(p.name.count) &* 31)
      switch p.role {
      case .scale: for i in 0..<p.value.count { p.pointer[i] = 1 + 0.3 * rng.nextGaussian() }
      case .shift: for i in 0..<p.value.count { p.pointer[i] = 0.2 * rng.nextGaussian() }
      default: break
      }
    }
    return net
  }

  /// Grad-CAM's channel weights are the spatial means of ∂score/∂activation: checked against
  /// central differences of the class logit with respect to every activation of stage3, and the
  /// map against ReLU(Σ weight·activation) built from those numeric weights.
  func testGradCAMWeightsEqualFiniteDifferenceMeans() throws {
    let net = try tinyResNet()
    let x = randomTensor(Shape(1, 3, 64, 64), seed: 5)
    let target = 1
    let explanation = try GradCAM(network: net, layer: "stage3")
      .explain(x, target: .classIndex(target), guided: false)[0]
    let activation = try net.forward(x, mode: .inference, to: "stage3")
    let s = activation.shape
    XCTAssertEqual(s, Shape(1, 16, 4, 4))
    func score(_ a: Tensor) throws -> Double {
      Double(try net.forward(from: "stage3", a, mode: .inference)[flat: target])
    }
    let h: Float = 1e-2
    var numericWeights = [Double](repeating: 0, count: s.c)
    for i in 0..<activation.count {
      var plus = activation
      plus[flat: i] += h
      var minus = activation
      minus[flat: i] -= h
      let slope = (try score(plus) - score(minus)) / Double(2 * h)
      numericWeights[i / (s.h * s.w)] += slope / Double(s.h * s.w)
    }
    let scale = numericWeights.map(abs).max()!
    XCTAssertGreaterThan(scale, 1e-3, "the score must depend on stage3")
    for k in 0..<s.c {
      XCTAssertEqual(
        Double(explanation.channelWeights[k]), numericWeights[k], accuracy: 0.02 * scale,
        "channel \(k)")
    }
    // The coarse map: ReLU of the numerically weighted sum of activations.
    var numericMap = [Double](repeating: 0, count: s.h * s.w)
    for k in 0..<s.c {
      for j in 0..<(s.h * s.w) {
        numericMap[j] += numericWeights[k] * Double(activation[flat: k * s.h * s.w + j])
      }
    }
    numericMap = numericMap.map { max(0, $0) }
    let mapScale = max(numericMap.max()!, 1e-6)
    XCTAssertGreaterThan(numericMap.filter { $0 > 0 }.count, 0)
    for j in 0..<numericMap.count {
      XCTAssertEqual(
        Double(explanation.layerMap.values[j]), numericMap[j], accuracy: 0.03 * mapScale,
        "cell \(j)")
    }
    // Upsampled to the input and normalised: the maximum is 1 and sits where the coarse one does.
    XCTAssertEqual(explanation.gradCAM.width, 64)
    XCTAssertEqual(explanation.gradCAM.maximum, 1, accuracy: 1e-6)
    let (cx, cy) = explanation.layerMap.argmax
    let (fx, fy) = explanation.gradCAM.argmax
    XCTAssertEqual(fx / 16, cx)
    XCTAssertEqual(fy / 16, cy)
  }

  /// The guided rule on a network small enough to do by hand: 1×1 conv (2→4) + bias, ReLU, global
  /// average pool, linear (4→2). The gradient reaches a ReLU input only where that input and the
  /// incoming gradient are both positive; Grad-CAM at the ReLU weights channel k by W2[c, k]/4.
  func testGuidedBackpropagationPassesOnlyPositiveInputAndGradient() throws {
    let net = Network(inputChannels: 2)
    let conv = try Conv2d(inputChannels: 2, outputChannels: 4, kernel: 1, bias: true)
    let fc = try Linear(inputs: 4, outputs: 2)
    try net.add("conv", conv)
    try net.add("relu", ReLU())
    try net.add("pool", GlobalAvgPool())
    try net.add("fc", fc)
    let w1: [Float] = [1, -1, 0.5, 2, -1, 1, 2, -0.5]  // [out 4][in 2]
    let b1: [Float] = [0.1, -0.2, 0, 0.3]
    let w2: [Float] = [1, -2, 0.5, 3, -1, 2, -0.5, 1]  // [out 2][in 4]
    try conv.parameters[0].assign(Tensor(shape: conv.parameters[0].value.shape, scalars: w1))
    try conv.parameters[1].assign(Tensor(shape: conv.parameters[1].value.shape, scalars: b1))
    try fc.parameters[0].assign(Tensor(shape: fc.parameters[0].value.shape, scalars: w2))
    // Input [1, 2, 2, 2]: four pixels with two channels each.
    let xs: [Float] = [0.5, -1, 2, 0.3, 1, 0.2, -0.4, 1.5]
    let x = try Tensor(shape: Shape(1, 2, 2, 2), scalars: xs)
    for c in 0..<2 {
      let e = try GradCAM(network: net, layer: "relu").explain(x, target: .classIndex(c))[0]
      var expectedGuided = [Float](repeating: 0, count: 4)
      var expectedCAM = [Float](repeating: 0, count: 4)
      for p in 0..<4 {
        var dx: (Float, Float) = (0, 0)
        for k in 0..<4 {
          let h = w1[2 * k] * xs[p] + w1[2 * k + 1] * xs[4 + p] + b1[k]
          let g = w2[4 * c + k] / 4  // d score / d relu output at this pixel
          expectedCAM[p] += g * max(0, h)
          guard h > 0, g > 0 else { continue }  // the guided rule
          dx.0 += w1[2 * k] * g
          dx.1 += w1[2 * k + 1] * g
        }
        expectedGuided[p] = max(abs(dx.0), abs(dx.1))
      }
      XCTAssertEqual(e.channelWeights, (0..<4).map { w2[4 * c + $0] / 4 })
      for p in 0..<4 {
        XCTAssertEqual(e.guidedBackpropagation!.values[p], expectedGuided[p], accuracy: 1e-5)
        XCTAssertEqual(e.layerMap.values[p], max(0, expectedCAM[p]), accuracy: 1e-5)
      }
      // The ordinary gradient differs (negative parts pass): an unguided pass would fail here.
      try net.backward(
        try Tensor(shape: Shape(dimensions: [1, 2]), scalars: c == 0 ? [1, 0] : [0, 1]),
        target: .input, parameterGradients: false)
      let plain = try net.inputGradient()
      let plainSaliency = (0..<4).map { max(abs(plain[flat: $0]), abs(plain[flat: 4 + $0])) }
      XCTAssertNotEqual(plainSaliency, e.guidedBackpropagation!.values)
    }
  }

  /// Behind stage4 of a ResNet come only global average pooling and a linear layer, so Grad-CAM
  /// there equals the class activation map ReLU(Σ_c w[class, c]·A_c) / (h·w) (Zhou et al. 2016).
  func testGradCAMEqualsCAMForAPooledLinearHead() throws {
    let net = try ResNet.make(depth: 10, width: 1.0 / 16, classes: 3, seed: 2)
    let image = randomTensor(Shape(1, 3, 64, 64), seed: 5)
    let cam = try GradCAM(network: net, layer: "stage4").explain(image, target: .classIndex(1))[0]
    let a = try net.activation(at: "stage4")
    let fc = try net.layer(named: "head.fc") as! Linear
    let s = a.shape
    for i in 0..<s.planeCount {
      var value: Float = 0
      for c in 0..<s.c {
        value += fc.weight.value[flat: fc.inputs + c] * a[flat: c * s.planeCount + i]
      }
      XCTAssertEqual(cam.layerMap.values[i], max(0, value / Float(s.planeCount)), accuracy: 1e-5)
    }
  }

  /// A lone ReLU: guided, the gradient passes only where input and gradient are both positive.
  func testGuidedReLUPassesOnlyPositiveGradientsOfPositiveInputs() throws {
    let net = try chain(1, [("relu", ReLU())])
    let x = try Tensor(shape: Shape(1, 1, 1, 4), scalars: [1, -1, 2, -2])
    _ = try net.forward(x)
    let g = try Tensor(shape: Shape(1, 1, 1, 4), scalars: [0.5, 0.5, -0.5, -0.5])
    try net.backward(g, target: .input, guided: true, parameterGradients: false)
    XCTAssertEqual(try net.inputGradient().scalars, [0.5, 0, 0, 0])
    try net.backward(g, target: .input, parameterGradients: false)
    XCTAssertEqual(try net.inputGradient().scalars, [0.5, 0, -0.5, 0])
  }

  /// ReLUs fused into affine, batch-norm and residual-add layers follow the same guided rule as a
  /// separate ReLU layer.
  func testFusedReLUsAreGuidedLikeSeparateOnes() throws {
    func make(fused: Bool) throws -> Network {
      let net = Network(inputChannels: 3)
      try net.add(
        "conv1", Conv2d(inputChannels: 3, outputChannels: 4, kernel: 3, padding: 1, seed: 3))
      try net.add("affine", Affine(channels: 4, activation: fused ? .relu : .identity))
      if !fused { try net.add("relu1", ReLU()) }
      let a = net.names.last { !$0.hasPrefix("stage") }!
      try net.add(
        "conv2", Conv2d(inputChannels: 4, outputChannels: 4, kernel: 3, padding: 1, seed: 4))
      try net.add("bn", BatchNorm2d(channels: 4, activation: fused ? .relu : .identity))
      if !fused { try net.add("relu2", ReLU()) }
      try net.add(
        "conv3", Conv2d(inputChannels: 4, outputChannels: 4, kernel: 3, padding: 1, seed: 5))
      let b = net.names.last!
      try net.add("add", ResidualAdd(activation: fused ? .relu : .identity), inputs: [b, a])
      if !fused { try net.add("relu3", ReLU()) }
      try net.markBoundary("stage1", at: net.names.last!)
      try net.add("pool", GlobalAvgPool())
      try net.add("fc", Linear(inputs: 4, outputs: 2, seed: 6))
      for p in net.stateParameters where p.role == .shift {
        for i in 0..<p.value.count { p.pointer[i] = 0.1 * Float(i) - 0.1 }
      }
      return net
    }
    let x = randomTensor(Shape(2, 3, 8, 8), seed: 9)
    let fused = try GradCAM(network: make(fused: true), layer: "stage1").explain(x)
    let separate = try GradCAM(network: make(fused: false), layer: "stage1").explain(x)
    for (f, s) in zip(fused, separate) {
      XCTAssertEqual(f.targetClass, s.targetClass)
      XCTAssertGreaterThan(f.guidedBackpropagation!.maximum, 0)
      for (a, b) in zip(f.guidedBackpropagation!.values, s.guidedBackpropagation!.values) {
        XCTAssertEqual(a, b, accuracy: 1e-5 * max(1, abs(b)))
      }
      for (a, b) in zip(f.gradCAM.values, s.gradCAM.values) { XCTAssertEqual(a, b, accuracy: 1e-5) }
    }
  }

  /// A batch gives each image the maps it gets alone, for per-image targets; guided Grad-CAM is the
  /// product of guided backpropagation and Grad-CAM.
  func testBatchEqualsSingleImagesAndGuidedGradCAMIsTheProduct() throws {
    let net = try tinyResNet()
    let x = randomTensor(Shape(3, 3, 64, 64), seed: 6)
    // Per image the class with the strongest map (a random network's map can be all zero).
    let perClass = try (0..<3).map {
      try GradCAM(network: net).explain(x, target: .classIndex($0), guided: false)
    }
    let targets = (0..<3).map { i in
      (0..<3).max { perClass[$0][i].layerMap.maximum < perClass[$1][i].layerMap.maximum }!
    }
    let batch = try withThreads(2) {
      try GradCAM(network: net).explain(x, target: .perImage(targets))
    }
    XCTAssertEqual(
      batch.map(\.layer), ["stage3", "stage3", "stage3"], "the last stage ≥ 4×4 at 64 px")
    for i in 0..<3 {
      let alone = try GradCAM(network: net).explain(
        try x.samples(i..<(i + 1)), target: .classIndex(targets[i]))[0]
      XCTAssertEqual(batch[i].targetClass, targets[i])
      for (a, b) in zip(batch[i].scores, alone.scores) { XCTAssertEqual(a, b, accuracy: 1e-4) }
      for (a, b) in zip(batch[i].gradCAM.values, alone.gradCAM.values) {
        XCTAssertEqual(a, b, accuracy: 1e-4)
      }
      let guided = alone.guidedBackpropagation!
      for (a, b) in zip(batch[i].guidedBackpropagation!.values, guided.values) {
        XCTAssertEqual(a, b, accuracy: 1e-4 * guided.maximum)
      }
      // Product, up to one positive scale (then clipped at 1).
      let product = zip(guided.values, alone.gradCAM.values).map { $0 * $1 }
      let reference = product.indices.filter {
        product[$0] > 0 && alone.guidedGradCAM!.values[$0] < 1
      }
      XCTAssertGreaterThan(reference.count, 100)
      let ratio = alone.guidedGradCAM!.values[reference[0]] / product[reference[0]]
      for j in reference {
        XCTAssertEqual(alone.guidedGradCAM!.values[j], product[j] * ratio, accuracy: 1e-4)
      }
      XCTAssertEqual(alone.probabilities.reduce(0, +), 1, accuracy: 1e-5)
    }
    // The predicted class is the default target.
    let predicted = try GradCAM(network: net).explain(x, guided: false)
    for e in predicted { XCTAssertEqual(e.targetClass, e.predictedClass) }
  }

  /// For a one-logit head class 0's score is the negated logit: its channel weights are negated.
  func testOneLogitHeadExplainsBothClasses() throws {
    let net = try tinyResNet(classes: 1)
    let x = randomTensor(Shape(1, 3, 64, 64), seed: 8)
    let cam = GradCAM(network: net, layer: "stage2")
    let one = try cam.explain(x, target: .classIndex(1), guided: false)[0]
    let zero = try cam.explain(x, target: .classIndex(0), guided: false)[0]
    XCTAssertEqual(one.probabilities.count, 2)
    XCTAssertEqual(one.probabilities[1], 1 / (1 + exp(-one.scores[0])), accuracy: 1e-6)
    XCTAssertEqual(zero.channelWeights, one.channelWeights.map { -$0 })
    XCTAssertThrowsError(try cam.explain(x, target: .classIndex(2))) {
      XCTAssertTrue("\($0)".contains("class 2 does not exist"), "\($0)")
    }
    XCTAssertThrowsError(try GradCAM(network: net, layer: "stage9").explain(x)) {
      XCTAssertTrue("\($0)".contains("stage9"), "\($0)")
    }
  }

  /// Bilinear upsampling with centres aligned (PyTorch `align_corners=False`):
  /// interpolate([[0, 1], [2, 3]], size 4) in PyTorch gives these rows.
  func testUpsamplingMatchesPyTorchBilinear() {
    let map = HeatMap(width: 2, height: 2, values: [0, 1, 2, 3]).upsampled(width: 4, height: 4)
    let expected: [Float] = [
      0, 0.25, 0.75, 1, 0.5, 0.75, 1.25, 1.5, 1.5, 1.75, 2.25, 2.5, 2, 2.25, 2.75, 3,
    ]
    for (a, b) in zip(map.values, expected) { XCTAssertEqual(a, b, accuracy: 1e-6) }
    // A map hot in its left column is hot on the left of the upsampled one, and not on the right.
    let left = HeatMap(width: 3, height: 3, values: [1, 0, 0, 1, 0, 0, 1, 0, 0])
      .upsampled(width: 150, height: 150)
    XCTAssertEqual(left[10, 75], 1)
    XCTAssertEqual(left[140, 75], 0)
  }

  /// Cell centres worked out by hand from the windows: torchvision-style ResNet (padded) and dlib's
  /// face ResNet (unpadded, its downsampling blocks' shortcut a 2×2 average pool).
  func testCellGeometryOfResNetAndDlibFaceStages() throws {
    let resnet = try ResNet.make(depth: 10, width: 1.0 / 16, classes: 2)
    _ = try resnet.forward(Tensor(shape: Shape(1, 3, 150, 150)))
    // stem conv 7/2 pad 3: 2j; max pool 3/2 pad 1: 4j; each later stage doubles the spacing.
    XCTAssertEqual(try resnet.cellGeometry(of: "stem"), CellGeometry(origin: 0, spacing: 4))
    XCTAssertEqual(try resnet.cellGeometry(of: "stage4"), CellGeometry(origin: 0, spacing: 32))
    let dlib = try DlibFaceResNet.make(head: .classifier(classes: 2, dropout: 0))
    _ = try dlib.forward(Tensor(shape: Shape(1, 3, 150, 150)))
    // conv 7/2: 2j + 3; max pool 3/2: 4j + 5; stage2's conv 3/2 (the add's first input, the same
    // size as the shortcut): 8j + 9; stage3: 16j + 17; stage4's conv gives 3×3, its 2×2 pool
    // shortcut 4×4 (the add's size): 32j + 17 + 8 = 32j + 25; stage5's pool: 64j + 41.
    XCTAssertEqual(try dlib.cellGeometry(of: "stem"), CellGeometry(origin: 5, spacing: 4))
    XCTAssertEqual(try dlib.cellGeometry(of: "stage2"), CellGeometry(origin: 9, spacing: 8))
    XCTAssertEqual(try dlib.cellGeometry(of: "stage4"), CellGeometry(origin: 25, spacing: 32))
    XCTAssertEqual(try dlib.cellGeometry(of: "stage5"), CellGeometry(origin: 41, spacing: 64))
    // A map hot in one cell peaks on that cell's centre.
    let e = try GradCAM(network: resnet, layer: "stage3").explain(
      randomTensor(Shape(1, 3, 150, 150), seed: 2), guided: false)[0]
    let (cx, cy) = e.layerMap.argmax
    XCTAssertEqual(e.peak, SIMD2(min(16.0 * Double(cx), 149), min(16.0 * Double(cy), 149)))
  }

  /// Resampling by geometry: knots on the cell centres, linear between, constant outside.
  func testResamplingPutsCellsOnTheirCentres() {
    let map = HeatMap(width: 3, height: 1, values: [0, 1, 0])
    let g = CellGeometry(origin: 2, spacing: 4)
    let wide = map.resampled(
      width: 12, height: 1, geometry: (g, CellGeometry(origin: 0, spacing: 1)))
    XCTAssertEqual(wide.values, [0, 0, 0, 0.25, 0.5, 0.75, 1, 0.75, 0.5, 0.25, 0, 0])
  }

  /// Normalisation divides by the maximum (shares of mass stay the same); an all-zero map stays
  /// zero rather than becoming NaN or uniform.
  func testNormalizationKeepsRatiosAndZeroStaysZero() {
    let n = HeatMap(width: 2, height: 2, values: [0, 0.5, 1, 2]).normalized()
    XCTAssertEqual(n.values, [0, 0.25, 0.5, 1])
    let zero = HeatMap(width: 3, height: 2, values: [Float](repeating: 0, count: 6)).normalized()
    XCTAssertEqual(zero.values, [Float](repeating: 0, count: 6))
    let big = GradCAM.percentileScaled(
      HeatMap(width: 1000, height: 1, values: (0..<1000).map { $0 == 999 ? 1e6 : Float($0) }))
    XCTAssertEqual(big.maximum, 1)
    XCTAssertGreaterThan(big.values[500], 0.4, "one extreme pixel must not blacken the rest")
  }

  /// Randomising the weights after a boundary changes exactly those weights, keeps their scale,
  /// and is reproducible.
  func testRandomizeWeightsAfterBoundary() throws {
    let a = try tinyResNet()
    let b = try tinyResNet()
    try a.randomizeWeights(after: "stage3", seed: 4)
    try b.randomizeWeights(after: "stage3", seed: 4)
    let before = try tinyResNet()
    for (p, q) in zip(a.parameters, before.parameters) {
      let late = p.name.hasPrefix("stage4") || p.name.hasPrefix("head")
      if late && p.role == .weight {
        XCTAssertNotEqual(p.value.scalars, q.value.scalars, p.name)
        let std = { (v: [Float]) in
          (v.reduce(0) { $0 + $1 * $1 } / Float(v.count)).squareRoot()
        }
        XCTAssertEqual(
          std(p.value.scalars), std(q.value.scalars), accuracy: 0.25 * std(q.value.scalars))
      } else {
        XCTAssertEqual(p.value.scalars, q.value.scalars, p.name)
      }
    }
    XCTAssertEqual(a.parameters.map(\.value.scalars), b.parameters.map(\.value.scalars))
  }
}

extension AttributionTests {
  /// Quickselect returns what sorting would put at each rank, ties and duplicates included.
  func testSelectElementEqualsSortedOrder() {
    var rng = RandomSource(seed: 3)
    for count in [1, 2, 7, 100, 1001] {
      let values = (0..<count).map { _ in Float(Int(rng.nextUnit() * 20)) }
      let sorted = values.sorted()
      for rank in Set([0, count / 2, count * 99 / 100, count - 1]) {
        var copy = values
        XCTAssertEqual(
          GradCAM.selectElement(&copy, rank: rank), sorted[rank], "n \(count) rank \(rank)")
      }
    }
  }
}

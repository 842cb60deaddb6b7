import XCTest

@testable import OncoNN

/// The model API the training layer uses: boundaries, cached prefixes, freezing, heads, errors.
final class NetworkTests: XCTestCase {
  func tinyResNet(classes: Int = 3, dropout: Float = 0) throws -> Network {
    try ResNet.make(depth: 10, width: 1.0 / 16, classes: classes, dropout: dropout, seed: 5)
  }

  func testWholeResNetGradients() throws {
    let net = try tinyResNet()
    // Non-trivial batch-norm parameters so every term of its backward matters.
    for p in net.parameters where p.role == .scale || p.role == .shift {
      var rng = RandomSource(seed: UInt64(p.name.count))
      for i in 0..<p.value.count {
        p.pointer[i] = (p.role == .scale ? 1 : 0) + 0.3 * rng.nextGaussian()
      }
    }
    // A deep ReLU network has ReLU and max-pool kinks near many points, and float32 noise limits
    // how small the step may be: coordinates whose difference quotient is unstable are skipped
    // (at most a fifth of them), the rest must match within 5%.
    var checker = GradientChecker()
    checker.samplesPerTensor = 4
    checker.maximumKinkFraction = 0.2
    checker.relativeTolerance = 5e-2
    // Inference mode (running statistics) checks the graph's wiring exactly; training mode also
    // the batch statistics, with enough values per channel (4 images of 2×2 at stage 4).
    checker.mode = .inference
    try withThreads(2) {
      _ = try checker.check(net, input: randomTensor(Shape(2, 3, 32, 32), seed: 3))
    }
    checker.mode = .training
    let checked = try withThreads(2) {
      try checker.check(net, input: randomTensor(Shape(4, 3, 64, 64), seed: 3))
    }
    XCTAssertGreaterThan(checked, 100)
  }

  func testResNetShapesAndNames() throws {
    let net = try ResNet.make(depth: 18, classes: 2)
    XCTAssertEqual(
      net.boundaries, ["stem", "stage1", "stage2", "stage3", "stage4", "features", "logits"])
    // torchvision's resnet18 with a 2-class head has 11,177,538 parameters.
    XCTAssertEqual(net.parameterCount, 11_177_538)
    XCTAssertEqual(try ResNet.make(depth: 34, classes: 2).parameterCount, 21_285_698)
    let y = try net.forward(randomTensor(Shape(1, 3, 40, 36), seed: 1), to: "stage4")
    XCTAssertEqual(y.shape, Shape(1, 512, 2, 2))
    XCTAssertThrowsError(try net.forward(Tensor(shape: Shape(1, 3, 20, 40)))) {
      XCTAssertTrue("\($0)".contains("h, w ≥ 32"), "\($0)")
    }
    XCTAssertThrowsError(try net.forward(Tensor(shape: Shape(1, 1, 32, 32)))) {
      XCTAssertTrue("\($0)".contains("[n, 3, h, w]"), "\($0)")
    }
    XCTAssertThrowsError(try net.activation(at: "stage9")) {
      XCTAssertTrue("\($0)".contains("no layer or boundary named \"stage9\""), "\($0)")
    }
  }

  func testForwardFromCachedBoundaryEqualsFullPass() throws {
    let net = try tinyResNet()
    let x = randomTensor(Shape(4, 3, 32, 32), seed: 2)
    let full = try net.forward(x, mode: .inference)
    let cached = try net.forward(x, mode: .inference, to: "stage3")
    let rest = try net.forward(from: "stage3", cached, mode: .inference)
    XCTAssertEqual(full.scalars, rest.scalars)
    // A layer inside a block is not a cut: the block's add reads the block input.
    XCTAssertThrowsError(try net.forward(from: "stage2.block1.bn1", cached)) {
      XCTAssertTrue("\($0)".contains("cannot be used as a boundary"), "\($0)")
    }
  }

  func testFrozenPrefixGetsNoGradientAndSuffixMatchesFullBackward() throws {
    let net = try tinyResNet()
    try net.freeze(through: "stage3")
    let x = randomTensor(Shape(3, 3, 32, 32), seed: 4)
    let labels = [0, 2, 1]
    // Full pass: frozen batch norms use running statistics, so the prefix is deterministic.
    let logits = try net.forward(x, mode: .training)
    let loss = try SoftmaxCrossEntropy().evaluate(logits: logits, labels: labels)
    try net.backward(loss.gradient)
    let full = try net.parameters(after: "stage3").map(\.gradient.scalars)
    for p in try net.parameters(through: "stage3") {
      XCTAssertTrue(p.isFrozen)
    }
    // Cached pass: the same suffix gradients.
    let cached = try net.forward(x, mode: .inference, to: "stage3")
    let logits2 = try net.forward(from: "stage3", cached, mode: .training)
    XCTAssertEqual(logits.scalars, logits2.scalars)
    let loss2 = try SoftmaxCrossEntropy().evaluate(logits: logits2, labels: labels)
    try net.backward(loss2.gradient)
    let suffix = try net.parameters(after: "stage3").map(\.gradient.scalars)
    XCTAssertEqual(full.count, suffix.count)
    for (a, b) in zip(full, suffix) {
      for (u, v) in zip(a, b) { XCTAssertEqual(u, v, accuracy: 1e-5 * max(1, abs(u))) }
    }
    // Backward stopped at the boundary: a stage-3 layer's output gradient was never formed.
    XCTAssertThrowsError(try net.gradient(at: "stage3.block1.conv1"))
  }

  func testReplacingTheHeadAndFreezingTheBackbone() throws {
    let net = try tinyResNet(classes: 5)
    try ResNet.addClassifier(
      net, after: "features", features: 32, classes: 2, dropout: 0.5, seed: 3)
    XCTAssertEqual(net.boundaries.last, "logits")
    XCTAssertEqual(
      try net.forward(randomTensor(Shape(2, 3, 32, 32), seed: 1)).shape, Shape(dimensions: [2, 2]))
    try net.freeze(through: "features")
    XCTAssertEqual(
      net.parameters.filter { !$0.isFrozen }.map(\.name), ["head.fc.weight", "head.fc.bias"])
    let groups = [
      ParameterGroup(name: "backbone", parameters: try net.parameters(through: "features")),
      ParameterGroup(name: "head", parameters: try net.parameters(after: "features")),
    ]
    XCTAssertTrue(groups[0].isFrozen)
    groups[0].isFrozen = false
    XCTAssertTrue(net.parameters.allSatisfy { !$0.isFrozen })
  }

  func testGradCAMReadsActivationAndGradientAtALayer() throws {
    let net = try tinyResNet()
    let x = randomTensor(Shape(1, 3, 32, 32), seed: 8)
    let logits = try net.forward(x)
    var seed = Tensor(shape: logits.shape)
    seed[flat: 1] = 1
    try net.backward(seed, target: .layer("stage4"), parameterGradients: false)
    let a = try net.activation(at: "stage4")
    let g = try net.gradient(at: "stage4")
    XCTAssertEqual(a.shape, g.shape)
    // Below stage4 → pool → fc the gradient at stage4 is fc.weight[class] / (h·w) for every
    // position.
    let fc = try net.layer(named: "head.fc") as! Linear
    let hw = Float(g.shape.planeCount)
    for c in 0..<g.shape.c {
      XCTAssertEqual(g[0, c, 0, 0], fc.weight.value[flat: 1 * fc.inputs + c] / hw, accuracy: 1e-6)
    }
    // Guided backpropagation to the image: only non-negative gradients leave each ReLU.
    try net.backward(seed, target: .input, guided: true, parameterGradients: false)
    XCTAssertEqual(try net.inputGradient().shape, x.shape)
  }

  func testRepeatedPassesAreBitIdenticalWithTwoThreads() throws {
    // Threads split work into fixed parts, so results never depend on timing (a race between
    // parts would show here as a difference).
    let net = try tinyResNet()
    let x = randomTensor(Shape(4, 3, 64, 64), seed: 9)
    func pass() throws -> ([Float], [Float]) {
      let y = try net.forward(x, mode: .training)
      try net.backward(Tensor(shape: y.shape, repeating: 0.5), target: .input)
      return (y.scalars, try net.inputGradient().scalars)
    }
    try withThreads(2) {
      let first = try pass()
      for _ in 0..<20 {
        let again = try pass()
        XCTAssertEqual(again.0, first.0)
        XCTAssertEqual(again.1, first.1)
      }
    }
  }

  func testFoldedInferenceMatchesLayerByLayer() throws {
    let net = try tinyResNet()
    // Non-trivial running statistics so that folding them changes something.
    for p in net.stateParameters where p.role == .runningMean || p.role == .runningVariance {
      for i in 0..<p.value.count {
        p.pointer[i] = p.role == .runningMean ? 0.1 * Float(i % 5) : 1 + 0.2 * Float(i % 3)
      }
    }
    let x = randomTensor(Shape(3, 3, 40, 40), seed: 4)
    net.foldsNormalization = false
    let plain = try net.forward(x)
    let conv = try net.activation(at: "stage2.block1.conv2")
    var seed = Tensor(shape: plain.shape)
    seed[flat: 2] = 1
    try net.backward(seed, target: .input, parameterGradients: false)
    let plainGradient = try net.inputGradient()
    net.foldsNormalization = true
    let folded = try net.forward(x)
    XCTAssertLessThan(try folded.maximumDifference(to: plain), 1e-4)
    // Outputs that folding skipped, and gradients, are recomputed on demand.
    let unfolded = try net.activation(at: "stage2.block1.conv2")
    XCTAssertLessThan(try unfolded.maximumDifference(to: conv), 1e-5)
    _ = try net.forward(x)
    try net.backward(seed, target: .input, parameterGradients: false)
    XCTAssertLessThan(try net.inputGradient().maximumDifference(to: plainGradient), 1e-5)
  }

  func testBuffersAreReusedBetweenSteps() throws {
    let net = try tinyResNet()
    let x = randomTensor(Shape(2, 3, 32, 32), seed: 1)
    func step() throws {
      let y = try net.forward(x, mode: .training)
      try net.backward(Tensor(shape: y.shape, repeating: 0.1))
    }
    try step()
    let workspace = net.workspace.byteCount
    let outputs = net.nodes.map { ObjectIdentifier($0.output.storage) }
    try step()
    XCTAssertEqual(net.workspace.byteCount, workspace)
    XCTAssertEqual(net.nodes.map { ObjectIdentifier($0.output.storage) }, outputs)
  }
}

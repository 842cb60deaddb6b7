import XCTest

@testable import OncoNN

/// Finite-difference checks of every layer's backward pass (input and parameter gradients).
final class LayerGradientTests: XCTestCase {
  let checker = GradientChecker()

  func testConvolutionIm2colStridePaddingBias() throws {
    for threads in [1, 2] {
      try withThreads(threads) {
        let conv = try Conv2d(
          inputChannels: 3, outputChannels: 4, kernel: 3, stride: 2, padding: 1, bias: true, seed: 3
        )
        try checker.check(
          try chain(3, [("conv", conv)]), input: randomTensor(Shape(2, 3, 7, 6), seed: 1))
        // Batch 1 with two threads takes the band-split path.
        try checker.check(
          try chain(3, [("conv", conv)]), input: randomTensor(Shape(1, 3, 7, 6), seed: 2))
      }
    }
  }

  func testConvolutionLargeKernelAndPointwise() throws {
    let stem = try Conv2d(
      inputChannels: 2, outputChannels: 3, kernel: 7, stride: 2, padding: 3, seed: 4)
    try checker.check(
      try chain(2, [("conv", stem)]), input: randomTensor(Shape(2, 2, 9, 9), seed: 3))
    let pointwise = try Conv2d(inputChannels: 5, outputChannels: 3, kernel: 1, seed: 5)
    try checker.check(
      try chain(5, [("conv", pointwise)]), input: randomTensor(Shape(2, 5, 4, 3), seed: 4))
    let strided = try Conv2d(inputChannels: 4, outputChannels: 6, kernel: 1, stride: 2, seed: 6)
    try checker.check(
      try chain(4, [("conv", strided)]), input: randomTensor(Shape(3, 4, 5, 5), seed: 5))
  }

  func testConvolutionWinograd() throws {
    for threads in [1, 2] {
      try withThreads(threads) {
        for (padding, size) in [(1, (5, 7)), (0, (6, 5)), (1, (2, 2)), (1, (9, 4))] {
          let conv = try Conv2d(
            inputChannels: 3, outputChannels: 5, kernel: 3, padding: padding, bias: true, seed: 7)
          XCTAssertTrue(conv.usesWinograd)
          // Two images, and one (then the tile rows of a single image are shared out).
          for batch in [2, 1] {
            try checker.check(
              try chain(3, [("conv", conv)]),
              input: randomTensor(Shape(batch, 3, size.0, size.1), seed: 6))
          }
        }
      }
    }
  }

  func testConvolutionWinogradInBlocks() throws {
    // Enough tiles that the work is cut into several blocks (forward, input and weight gradient).
    for threads in [1, 2] {
      try withThreads(threads) {
        let conv = try Conv2d(inputChannels: 1, outputChannels: 2, kernel: 3, padding: 1, seed: 8)
        let x = randomTensor(Shape(4, 1, 63, 64), seed: 7)
        let plan = Winograd.Plan(
          input: x.shape, output: Shape(4, 2, 63, 64), padding: 1, weightGradient: true)
        XCTAssertFalse(plan.byPosition)
        XCTAssertGreaterThan(plan.blockCount, 1)
        try checker.check(try chain(1, [("conv", conv)]), input: x)
      }
    }
  }

  func testBatchNormTrainingAndInference() throws {
    for activation in [Activation.identity, .relu] {
      let bn = BatchNorm2d(channels: 3, activation: activation)
      // Non-trivial scale, shift and running statistics.
      for c in 0..<3 {
        bn.scale.pointer[c] = 0.5 + Float(c)
        bn.shift.pointer[c] = 0.3 * Float(c) - 0.2
        bn.runningMean.pointer[c] = 0.1 * Float(c)
        bn.runningVariance.pointer[c] = 1 + 0.5 * Float(c)
      }
      let x = randomTensor(Shape(3, 3, 4, 5), seed: 8, std: 2)
      try checker.check(try chain(3, [("bn", bn)]), input: x)
      var eval = checker
      eval.mode = .inference
      try eval.check(try chain(3, [("bn", bn)]), input: x)
    }
  }

  func testAffineReLUAndPools() throws {
    let affine = Affine(channels: 2, activation: .relu)
    affine.scale.pointer[0] = 1.5
    affine.scale.pointer[1] = -0.7
    affine.shift.pointer[1] = 0.2
    try checker.check(
      try chain(2, [("affine", affine)]), input: randomTensor(Shape(2, 2, 3, 4), seed: 9))
    try checker.check(
      try chain(2, [("relu", ReLU())]), input: randomTensor(Shape(2, 2, 3, 4), seed: 10))
    let maxPool = try MaxPool2d(kernel: 3, stride: 2, padding: 1)
    try checker.check(
      try chain(2, [("pool", maxPool)]), input: randomTensor(Shape(2, 2, 7, 6), seed: 11))
    let avgPool = try AvgPool2d(kernel: 3, stride: 2, padding: 1)
    try checker.check(
      try chain(2, [("pool", avgPool)]), input: randomTensor(Shape(2, 2, 7, 6), seed: 12))
    try checker.check(
      try chain(2, [("pool", try AvgPool2d(kernel: 2))]),
      input: randomTensor(Shape(1, 2, 5, 5), seed: 13))
    try checker.check(
      try chain(2, [("pool", GlobalAvgPool())]), input: randomTensor(Shape(2, 2, 3, 5), seed: 14))
  }

  func testLinearFlattenDropout() throws {
    let linear = try Linear(inputs: 12, outputs: 3, seed: 2)
    linear.bias!.pointer[1] = 0.5
    try checker.check(
      try chain(3, [("flatten", Flatten()), ("fc", linear)]),
      input: randomTensor(Shape(4, 3, 2, 2), seed: 15))
    let dropout = try Dropout(probability: 0.4, seed: 9)
    var withMask = checker
    withMask.prepare = { dropout.reseed(9) }
    try withMask.check(
      try chain(2, [("dropout", dropout)]), input: randomTensor(Shape(2, 2, 3, 3), seed: 16))
  }

  func testResidualAddEqualAndZeroPaddedShapes() throws {
    // Equal shapes, fused ReLU: add(conv(x), x).
    let net = Network(inputChannels: 2)
    try net.add(
      "conv", try Conv2d(inputChannels: 2, outputChannels: 2, kernel: 3, padding: 1, seed: 1))
    try net.add("add", ResidualAdd(activation: .relu), inputs: ["conv", "input"])
    try checker.check(net, input: randomTensor(Shape(2, 2, 4, 4), seed: 17))
    // dlib's rule: a 3-channel 3×3 branch meets a 2-channel 4×4 one.
    let padded = Network(inputChannels: 2)
    try padded.add(
      "branch", try Conv2d(inputChannels: 2, outputChannels: 3, kernel: 3, stride: 2, seed: 2))
    try padded.add("pool", try AvgPool2d(kernel: 2), inputs: ["input"])
    try padded.add("add", ResidualAdd(activation: .relu), inputs: ["pool", "branch"])
    try checker.check(padded, input: randomTensor(Shape(2, 2, 8, 8), seed: 18))
  }
}

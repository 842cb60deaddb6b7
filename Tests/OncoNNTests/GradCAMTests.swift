import XCTest

@testable import OncoNN

/// Grad-CAM against the class activation map it reduces to, and guided backpropagation's rule.
final class GradCAMTests: XCTestCase {
  func testGradCAMEqualsCAMForAPooledLinearHead() throws {
    // Behind stage4 come only global average pooling and a linear layer, so Grad-CAM equals the
    // class activation map ReLU(Σ_c w[class, c]·A_c) / (h·w) (Zhou et al. 2016).
    let net = try ResNet.make(depth: 10, width: 1.0 / 16, classes: 3, seed: 2)
    let image = randomTensor(Shape(1, 3, 64, 64), seed: 5)
    let cam = try GradCAM.compute(net, image: image, layer: "stage4", classIndex: 1, guided: true)
    let a = try net.activation(at: "stage4")
    let fc = try net.layer(named: "head.fc") as! Linear
    let s = a.shape
    for i in 0..<s.planeCount {
      var value: Float = 0
      for c in 0..<s.c {
        value += fc.weight.value[flat: fc.inputs + c] * a[flat: c * s.planeCount + i]
      }
      XCTAssertEqual(cam.map[flat: i], max(0, value / Float(s.planeCount)), accuracy: 1e-5)
    }
    XCTAssertEqual(cam.upsampled.shape, Shape(1, 1, 64, 64))
    XCTAssertEqual(cam.classIndex, 1)
    // Guided backpropagation differs from the plain input gradient (negative gradients stop at
    // every ReLU) and has the image's shape.
    try net.backward(
      Tensor(shape: cam.logits.shape, repeating: 0).with(flat: 1, 1), target: .input,
      parameterGradients: false)
    let plain = try net.inputGradient()
    let guided = try XCTUnwrap(cam.guided)
    XCTAssertEqual(guided.shape, image.shape)
    XCTAssertGreaterThan(try guided.maximumDifference(to: plain), 1e-6)
  }

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

  func testBilinearResizeMatchesPyTorchAlignCornersFalse() throws {
    // torch.nn.functional.interpolate([[1, 2], [3, 4]], size=(4, 4), mode="bilinear")
    let t = try Tensor(shape: Shape(1, 1, 2, 2), scalars: [1, 2, 3, 4])
    XCTAssertEqual(
      t.resizedBilinear(height: 4, width: 4).scalars,
      [1, 1.25, 1.75, 2, 1.5, 1.75, 2.25, 2.5, 2.5, 2.75, 3.25, 3.5, 3, 3.25, 3.75, 4])
  }
}

extension Tensor {
  /// A copy with one element set (test helper).
  func with(flat index: Int, _ value: Float) -> Tensor {
    var t = self
    t[flat: index] = value
    return t
  }
}

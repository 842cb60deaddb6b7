import Foundation
import XCTest

@testable import OncoNN

/// Losses against their formulas and finite differences; optimizer updates against their rules.
final class LossAndOptimizerTests: XCTestCase {
  func testSoftmaxCrossEntropyValueAndGradient() throws {
    let logits = try Tensor(shape: Shape(dimensions: [2, 3]), scalars: [1, 2, 3, 0.5, -1, 2])
    let labels = [2, 0]
    let weights: [Float] = [3, 1, 0.5]
    for w in [nil, weights] {
      let loss = try SoftmaxCrossEntropy(classWeights: w).evaluate(logits: logits, labels: labels)
      // −log softmax by hand.
      let row0 = [1.0, 2, 3].map { exp($0) }
      let row1 = [0.5, -1, 2].map { exp($0) }
      let l0 = -log(row0[2] / row0.reduce(0, +))
      let l1 = -log(row1[0] / row1.reduce(0, +))
      let (w0, w1) = w.map { (Double($0[2]), Double($0[0])) } ?? (1, 1)
      XCTAssertEqual(loss.value, (w0 * l0 + w1 * l1) / (w0 + w1), accuracy: 1e-9)
      XCTAssertEqual(
        Double(loss.probabilities[flat: 2]), row0[2] / row0.reduce(0, +), accuracy: 1e-6)
      // Gradient by central differences of the loss.
      for i in 0..<6 {
        var plus = logits
        plus[flat: i] += 1e-3
        var minus = logits
        minus[flat: i] -= 1e-3
        let numeric =
          (try SoftmaxCrossEntropy(classWeights: w).evaluate(logits: plus, labels: labels).value
            - SoftmaxCrossEntropy(classWeights: w).evaluate(logits: minus, labels: labels).value)
          / 2e-3
        XCTAssertEqual(Double(loss.gradient[flat: i]), numeric, accuracy: 1e-4)
      }
    }
    XCTAssertThrowsError(try SoftmaxCrossEntropy().evaluate(logits: logits, labels: [0, 3])) {
      XCTAssertEqual("\($0)", "loss: label 3 is outside 0..<3 classes")
    }
    XCTAssertThrowsError(try SoftmaxCrossEntropy().evaluate(logits: logits, labels: [0]))
  }

  func testBinaryLogisticIsStableAndWeighted() throws {
    let logits = try Tensor(shape: Shape(dimensions: [3, 1]), scalars: [0.3, -2, 80])
    let loss = try BinaryLogistic(classWeights: [1, 2]).evaluate(logits: logits, labels: [1, 0, 0])
    func softplus(_ z: Double) -> Double { z > 30 ? z : log(1 + exp(z)) }
    let expected = (2 * (softplus(0.3) - 0.3) + softplus(-2) + softplus(80)) / 4
    XCTAssertEqual(loss.value, expected, accuracy: 1e-6)
    XCTAssertTrue(loss.value.isFinite)
    XCTAssertEqual(
      Double(loss.gradient[flat: 0]), 2 * (1 / (1 + exp(-0.3)) - 1) / 4, accuracy: 1e-7)
    XCTAssertEqual(Double(loss.gradient[flat: 2]), 1.0 / 4, accuracy: 1e-7)
  }

  /// One parameter with a fixed gradient, for optimizer arithmetic.
  func parameter(_ values: [Float], gradient: [Float], name: String = "w") throws -> Parameter {
    let p = Parameter(
      name: name, role: .weight,
      value: try Tensor(shape: Shape(dimensions: [values.count]), scalars: values))
    for (i, g) in gradient.enumerated() { p.gradientPointer[i] = g }
    return p
  }

  func testSGDMomentumNesterovAndDecay() throws {
    for nesterov in [false, true] {
      let p = try parameter([1, -2], gradient: [0.5, 0.25])
      let bias = try parameter([3], gradient: [1], name: "b")
      let sgd = SGD(
        groups: [
          ParameterGroup(name: "w", parameters: [p]),
          ParameterGroup(name: "b", parameters: [bias], learningRateScale: 2, weightDecayScale: 0),
        ],
        learningRate: 0.1, momentum: 0.9, nesterov: nesterov, weightDecay: 0.01)
      var w = [1.0, -2.0]
      var v = [0.0, 0.0]
      var b = 3.0
      var vb = 0.0
      for _ in 0..<3 {
        sgd.step()
        for i in 0..<2 {
          let g = [0.5, 0.25][i] + 0.01 * w[i]
          v[i] = 0.9 * v[i] + g
          w[i] -= 0.1 * (nesterov ? g + 0.9 * v[i] : v[i])
        }
        vb = 0.9 * vb + 1
        b -= 0.2 * (nesterov ? 1 + 0.9 * vb : vb)
      }
      XCTAssertEqual(Double(p.value[flat: 0]), w[0], accuracy: 1e-6)
      XCTAssertEqual(Double(p.value[flat: 1]), w[1], accuracy: 1e-6)
      XCTAssertEqual(Double(bias.value[flat: 0]), b, accuracy: 1e-6)
    }
  }

  func testAdamWAndFrozenGroups() throws {
    let p = try parameter([1], gradient: [0.5])
    let frozen = try parameter([7], gradient: [1])
    let group = ParameterGroup(name: "frozen", parameters: [frozen])
    group.isFrozen = true
    let adam = AdamW(
      groups: [ParameterGroup(name: "w", parameters: [p]), group], learningRate: 0.01,
      weightDecay: 0.1)
    var w = 1.0
    var m = 0.0
    var v = 0.0
    for t in 1...4 {
      adam.step()
      w -= 0.01 * 0.1 * w
      m = 0.9 * m + 0.1 * 0.5
      v = 0.999 * v + 0.001 * 0.25
      w -=
        0.01 * (m / (1 - pow(0.9, Double(t))))
        / ((v / (1 - pow(0.999, Double(t)))).squareRoot() + 1e-8)
    }
    XCTAssertEqual(Double(p.value[flat: 0]), w, accuracy: 1e-6)
    XCTAssertEqual(frozen.value[flat: 0], 7, "a frozen group is not updated")
  }

  func testSchedules() {
    XCTAssertEqual(
      LearningRateSchedule.step(every: 10, factor: 0.1).factor(at: 25), 0.01, accuracy: 1e-7)
    let cosine = LearningRateSchedule.cosine(total: 100, minimumFactor: 0.1)
    XCTAssertEqual(cosine.factor(at: 0), 1, accuracy: 1e-6)
    XCTAssertEqual(cosine.factor(at: 50), 0.55, accuracy: 1e-6)
    XCTAssertEqual(cosine.factor(at: 100), 0.1, accuracy: 1e-6)
    let cycle = LearningRateSchedule.oneCycle(total: 100)
    XCTAssertEqual(cycle.factor(at: 0), 1.0 / 25, accuracy: 1e-6)
    // The peak comes at 30% of the steps (PyTorch: 0.3·100 − 1).
    XCTAssertEqual(cycle.factor(at: 29), 1, accuracy: 1e-6)
    XCTAssertEqual(cycle.factor(at: 99), 1.0 / 250_000, accuracy: 1e-8)
    XCTAssertGreaterThan(cycle.factor(at: 15), cycle.factor(at: 5))
    XCTAssertLessThan(cycle.factor(at: 70), cycle.factor(at: 40))
  }
}

import Foundation
import XCTest

@testable import OncoNN

/// End-to-end learning on a small problem, and exact resumption from a checkpoint.
final class TrainingTests: XCTestCase {
  /// 12×12 grey images: class 0 has horizontal stripes, class 1 vertical ones, both with noise.
  func stripes(_ count: Int, seed: UInt64) -> (Tensor, [Int]) {
    var rng = RandomSource(seed: seed)
    let x = Tensor(shape: Shape(count, 1, 12, 12))
    var labels: [Int] = []
    for n in 0..<count {
      let label = n % 2
      let phase = Int(rng.next() % 2)
      for i in 0..<12 {
        for j in 0..<12 {
          let on = ((label == 0 ? i : j) + phase) % 2 == 0
          x.pointer[n * 144 + i * 12 + j] = (on ? 1 : -1) + 0.5 * rng.nextGaussian()
        }
      }
      labels.append(label)
    }
    return (x, labels)
  }

  func smallNet() throws -> Network {
    let net = Network(inputChannels: 1)
    try net.add(
      "conv", try Conv2d(inputChannels: 1, outputChannels: 6, kernel: 3, padding: 1, seed: 1))
    try net.add("bn", BatchNorm2d(channels: 6, activation: .relu))
    try net.add("pool", try MaxPool2d(kernel: 2))
    try net.add(
      "conv2",
      try Conv2d(inputChannels: 6, outputChannels: 8, kernel: 3, stride: 2, padding: 1, seed: 2))
    try net.add("bn2", BatchNorm2d(channels: 8, activation: .relu))
    try net.add("gap", GlobalAvgPool())
    try net.add("fc", try Linear(inputs: 8, outputs: 2, seed: 3))
    return net
  }

  func testLearnsStripeOrientation() throws {
    let net = try smallNet()
    let sgd = SGD(
      groups: ParameterGroup.standard(net.parameters), learningRate: 0.1, momentum: 0.9,
      weightDecay: 1e-4)
    var last = Double.infinity
    for step in 0..<60 {
      let (x, y) = stripes(16, seed: UInt64(step))
      let out = try net.forward(x, mode: .training)
      let loss = try SoftmaxCrossEntropy().evaluate(logits: out, labels: y)
      try net.backward(loss.gradient)
      sgd.step()
      last = loss.value
    }
    XCTAssertLessThan(last, 0.1, "cross-entropy after 60 steps")
    // Held-out images in inference mode (running statistics).
    let (x, y) = stripes(32, seed: 999)
    let p = try SoftmaxCrossEntropy().evaluate(logits: try net.forward(x), labels: y).probabilities
    let correct = (0..<32).filter { (p[flat: 2 * $0 + 1] > 0.5 ? 1 : 0) == y[$0] }.count
    XCTAssertGreaterThanOrEqual(correct, 31)
  }

  func testResumingFromACheckpointContinuesExactly() throws {
    let url = try TemporaryFile.url("resume.safetensors")
    func train(_ net: Network, _ opt: any Optimizer, steps: Range<Int>) throws {
      for step in steps {
        let (x, y) = stripes(8, seed: UInt64(100 + step))
        let loss = try SoftmaxCrossEntropy().evaluate(
          logits: try net.forward(x, mode: .training), labels: y)
        try net.backward(loss.gradient)
        opt.step()
      }
    }
    for makeOptimizer in [
      { (n: Network) -> any Optimizer in
        SGD(
          groups: [ParameterGroup(name: "all", parameters: n.parameters)], learningRate: 0.05,
          nesterov: true, schedule: .cosine(total: 6, minimumFactor: 0.1))
      },
      { (n: Network) -> any Optimizer in
        AdamW(
          groups: ParameterGroup.standard(n.parameters), learningRate: 0.01,
          schedule: .oneCycle(total: 6))
      },
    ] {
      let a = try smallNet()
      let optA = makeOptimizer(a)
      try train(a, optA, steps: 0..<3)
      try Checkpoint(network: a, optimizer: optA, metadata: ["epoch": "3"]).write(to: url)
      try train(a, optA, steps: 3..<6)

      let b = try smallNet()
      let optB = makeOptimizer(b)
      let saved = try Checkpoint.read(from: url)
      XCTAssertEqual(saved.metadata["epoch"], "3")
      try saved.restore(into: b)
      try saved.restore(into: optB)
      XCTAssertEqual(optB.stepCount, 3)
      try train(b, optB, steps: 3..<6)
      for (p, q) in zip(a.stateParameters, b.stateParameters) {
        XCTAssertEqual(p.value.scalars, q.value.scalars, p.name)
      }
    }
  }

  func testCheckpointForAnotherArchitectureIsRejected() throws {
    let url = try TemporaryFile.url("other.safetensors")
    try Checkpoint(network: try ResNet.make(depth: 10, width: 0.125, classes: 2)).write(to: url)
    let net = try ResNet.make(depth: 10, width: 0.25, classes: 2)
    let before = net.parameters[0].value.scalars
    XCTAssertThrowsError(try Checkpoint.read(from: url).restore(into: net, path: url.path)) {
      XCTAssertTrue("\($0)".contains("does not fit this network"), "\($0)")
    }
    XCTAssertEqual(net.parameters[0].value.scalars, before, "nothing changes on a mismatch")
  }
}

/// Temporary file locations for tests.
enum TemporaryFile {
  static func url(_ name: String) throws -> URL {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
      "onconn-tests-\(getpid())")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir.appendingPathComponent(name)
  }
}

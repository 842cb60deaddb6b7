import Foundation
import OncoTestSupport
import XCTest

@testable import OncoNN

/// dlib's face ResNet: the architecture facts and the native reader of its .dat file.
final class DlibFaceModelTests: XCTestCase {
  static var modelURL: URL {
    TestPaths.repository.appendingPathComponent(
      "Assets/models/dlib_face_recognition_resnet_model_v1.dat")
  }

  func modelData() throws -> Data {
    guard FileManager.default.fileExists(atPath: Self.modelURL.path) else {
      throw XCTSkip(
        "Assets/models/dlib_face_recognition_resnet_model_v1.dat is absent: run `make deps`")
    }
    return try Data(contentsOf: Self.modelURL)
  }

  func testArchitectureFacts() throws {
    let net = try DlibFaceResNet.make()
    let layers = net.nodes.map(\.layer)
    XCTAssertEqual(layers.filter { $0 is Conv2d }.count, 29)
    XCTAssertEqual(layers.filter { $0 is Affine }.count, 29)
    XCTAssertEqual(net.parameterCount, 5_614_592)
    XCTAssertEqual(
      net.boundaries,
      ["stem", "stage1", "stage2", "stage3", "stage4", "stage5", "features", "descriptor"])
    _ = try net.forward(Tensor(shape: Shape(1, 3, 150, 150)))
    let sides = try ["stem", "stage1", "stage2", "stage3", "stage4", "stage5"].map {
      try net.activation(at: $0).shape
    }
    XCTAssertEqual(
      sides,
      [
        Shape(1, 32, 35, 35), Shape(1, 32, 35, 35), Shape(1, 64, 17, 17), Shape(1, 128, 8, 8),
        Shape(1, 256, 4, 4), Shape(1, 256, 2, 2),
      ])
    // Stage 4's first block: the stride-2 branch gives 3×3, its pooled shortcut 4×4.
    XCTAssertEqual(try net.activation(at: "stage4.block1.affine2").shape, Shape(1, 256, 3, 3))
    XCTAssertEqual(try net.activation(at: "stage4.block1.pool").shape, Shape(1, 128, 4, 4))
    XCTAssertEqual(try net.activation(at: "descriptor").shape, Shape(dimensions: [1, 128]))
  }

  func testReadsTheModelFile() throws {
    let file = try DlibModelFile.parse(try modelData(), path: Self.modelURL.path)
    XCTAssertEqual(file.meanRGB.0, 122.782, accuracy: 1e-4)
    XCTAssertEqual(file.meanRGB.2, 104.298, accuracy: 1e-4)
    XCTAssertEqual(file.tensors.values.reduce(0) { $0 + $1.count }, 5_614_592)
    let net = try DlibFaceResNet.make()
    try file.load(into: net)
    // Every parameter came from the file (none is left at its initial value).
    for p in net.parameters {
      XCTAssertEqual(p.value.scalars, file.tensors[p.name]?.scalars, p.name)
    }
    // A classifier head on the pretrained backbone keeps the backbone and leaves the head fresh.
    let classifier = try DlibFaceResNet.make(head: .classifier(classes: 2, dropout: 0.5))
    try file.load(into: classifier)
    XCTAssertEqual(try classifier.parameters(through: "features").count, 116)
    XCTAssertEqual(classifier.boundaries.last, "logits")
  }

  func testDamagedModelFilesGiveClearErrors() throws {
    let garbage = Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) })
    XCTAssertThrowsError(try DlibModelFile.parse(garbage, path: "garbage.dat")) {
      XCTAssertTrue("\($0)".hasPrefix("garbage.dat: not a valid file"), "\($0)")
    }
    XCTAssertThrowsError(try DlibModelFile.parse(Data(), path: "empty.dat")) {
      XCTAssertTrue("\($0)".contains("truncated"), "\($0)")
    }
    let data = try modelData()
    for cut in [10, 400, 20_000, data.count / 2, data.count - 3] {
      XCTAssertThrowsError(try DlibModelFile.parse(data.prefix(cut), path: "cut.dat")) {
        XCTAssertTrue("\($0)".contains("truncated"), "cut at \(cut): \($0)")
      }
    }
    // A flipped layer name is caught as a foreign network.
    var renamed = data
    let at = data.firstRange(of: Data("affine_".utf8))!.lowerBound
    renamed[at] = UInt8(ascii: "b")
    XCTAssertThrowsError(try DlibModelFile.parse(renamed, path: "other.dat")) {
      XCTAssertTrue("\($0)".contains("not dlib's face ResNet"), "\($0)")
    }
    XCTAssertThrowsError(try DlibModelFile.parse(data + Data([1, 2]), path: "long.dat")) {
      XCTAssertTrue("\($0)".contains("2 bytes follow the network"), "\($0)")
    }
  }
}

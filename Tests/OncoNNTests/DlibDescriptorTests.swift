import CFaceAlign
import Foundation
import OncoImage
import OncoTestSupport
import XCTest

@testable import OncoNN

/// OncoNN's import of dlib's face ResNet gives dlib's own descriptor for the same chip.
final class DlibDescriptorTests: XCTestCase {
  func testDescriptorsEqualDlibsOnRealChips() throws {
    guard let faces = TestPaths.facesDev else { throw XCTSkip(TestPaths.facesDevMissing) }
    let modelURL = DlibFaceModelTests.modelURL
    guard FileManager.default.fileExists(atPath: modelURL.path) else {
      throw XCTSkip(
        "Assets/models/dlib_face_recognition_resnet_model_v1.dat is absent: run `make deps`")
    }
    // Eight chips spread over the set (200×200 aligned photos, resized to dlib's 150×150).
    let manifest = try String(
      contentsOf: faces.appendingPathComponent("manifest.csv"), encoding: .utf8)
    let paths = manifest.split(separator: "\n").dropFirst().map {
      String($0.split(separator: ",")[0])
    }
    let picked = stride(from: 0, to: paths.count, by: max(1, paths.count / 8)).prefix(8).map {
      paths[$0]
    }
    let chips = try picked.map {
      try RGBImage(contentsOf: faces.appendingPathComponent($0).path).resized(
        width: 150, height: 150
      ).pixels
    }

    var model: OpaquePointer?
    XCTAssertEqual(
      cfa_descriptor_model_load(modelURL.path, &model), CFA_OK, String(cString: cfa_last_error()))
    defer { cfa_descriptor_model_destroy(model) }
    var reference = [Float](repeating: 0, count: chips.count * 128)
    let bytes = chips.flatMap { $0 }
    XCTAssertEqual(cfa_face_descriptors(model, bytes, Int32(chips.count), &reference), CFA_OK)

    let net = try DlibFaceResNet.load(from: modelURL)
    let ours = try withThreads(2) { try net.forward(try DlibFaceResNet.inputTensor(rgb: chips)) }
    XCTAssertEqual(ours.shape, Shape(dimensions: [chips.count, 128]))
    for i in 0..<chips.count {
      let a = (0..<128).map { Double(ours[flat: i * 128 + $0]) }
      let b = (0..<128).map { Double(reference[i * 128 + $0]) }
      let dot = zip(a, b).reduce(0) { $0 + $1.0 * $1.1 }
      let cosine =
        dot
        / (a.reduce(0) { $0 + $1 * $1 }.squareRoot() * b.reduce(0) { $0 + $1 * $1 }.squareRoot())
      XCTAssertGreaterThan(cosine, 0.9999, "chip \(picked[i])")
      XCTAssertEqual(zip(a, b).map { abs($0 - $1) }.max()!, 0, accuracy: 1e-4, "chip \(picked[i])")
    }
    // Different faces give clearly different descriptors (the comparison is not trivially true).
    let first = (0..<128).map { Double(reference[$0]) }
    let second = (0..<128).map { Double(reference[128 + $0]) }
    XCTAssertGreaterThan(
      zip(first, second).map { ($0 - $1) * ($0 - $1) }.reduce(0, +).squareRoot(), 0.3)
  }

  func testMissingModelFileIsAFileError() {
    var model: OpaquePointer?
    XCTAssertEqual(cfa_descriptor_model_load("/nonexistent/model.dat", &model), CFA_ERROR_FILE)
    XCTAssertTrue(String(cString: cfa_last_error()).contains("/nonexistent/model.dat"))
  }
}

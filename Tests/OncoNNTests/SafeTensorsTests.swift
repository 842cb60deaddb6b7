import Foundation
import OncoTestSupport
import XCTest

@testable import OncoNN

/// The safetensors format: round trip, a file written by Hugging Face's Python library, bad files.
final class SafeTensorsTests: XCTestCase {
  func testRoundTripKeepsValuesShapesAndMetadata() throws {
    let url = try TemporaryFile.url("round.safetensors")
    let contents = SafeTensors.Contents(
      tensors: [
        "a.weight": randomTensor(Shape(4, 3, 3, 3), seed: 1),
        "a.bias": randomTensor(Shape(dimensions: [4]), seed: 2),
        "fc": randomTensor(Shape(dimensions: [2, 5]), seed: 3),
      ],
      metadata: ["epoch": "12", "note": "ünïcode \"quoted\""])
    try SafeTensors.write(contents, to: url)
    let back = try SafeTensors.read(from: url)
    XCTAssertEqual(back.metadata, contents.metadata)
    XCTAssertEqual(Set(back.tensors.keys), Set(contents.tensors.keys))
    for (name, t) in contents.tensors {
      XCTAssertEqual(back.tensors[name]!.shape, t.shape, name)
      XCTAssertEqual(back.tensors[name]!.scalars, t.scalars, name)
    }
    // The header is 8-byte aligned and the data starts right after it.
    let data = try Data(contentsOf: url)
    let headerLength = data.prefix(8).withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }
    XCTAssertEqual(headerLength % 8, 0)
    XCTAssertEqual(data.count, 8 + Int(headerLength) + (108 + 4 + 10) * 4)
  }

  func testReadsAFileWrittenByThePythonLibrary() throws {
    let url = TestPaths.fixtures.appendingPathComponent("nn/reference.safetensors")
    let file = try SafeTensors.read(from: url)
    XCTAssertEqual(file.metadata, ["writer": "safetensors-python", "epoch": "7"])
    let conv = try XCTUnwrap(file.tensors["conv.weight"])
    XCTAssertEqual(conv.shape, Shape(2, 3, 3, 3))
    for o in 0..<2 {
      for i in 0..<3 {
        for y in 0..<3 {
          for x in 0..<3 {
            XCTAssertEqual(conv[o, i, y, x], Float(1000 * o + 100 * i + 10 * y + x))
          }
        }
      }
    }
    XCTAssertEqual(file.tensors["fc.weight"]?.shape.dimensions, [3, 4])
    XCTAssertEqual(file.tensors["fc.weight"]?.scalars, (0..<12).map { (Float($0) - 5.5) / 4 })
    XCTAssertEqual(file.tensors["fc.bias"]?.scalars, [0.5, -1.25, 3])
    XCTAssertEqual(file.tensors["half"]?.scalars, [1.5, -2, 65504])
    XCTAssertEqual(file.tensors["double"]?.shape.dimensions, [1, 2])
    XCTAssertEqual(file.tensors["double"]?.scalars, [Float(1.0 / 3.0), -7.25])
    XCTAssertEqual(file.tensors["scalar"]?.scalars, [42])
  }

  func testDamagedFilesGiveClearErrors() throws {
    let good = try SafeTensors.encode(
      SafeTensors.Contents(tensors: ["w": randomTensor(Shape(2, 2, 2, 2), seed: 1)]))
    let cases: [(Data, String)] = [
      (Data([1, 2, 3]), "shorter than the 8-byte header length"),
      (good.prefix(good.count - 5), "do not fit"),
      (good.prefix(20), "exceeds the file"),
      (Data(repeating: 0x41, count: 64), "exceeds the file"),
      (
        {
          var d = good; d[8] = UInt8(ascii: "["); return d
        }(), "not"
      ),
    ]
    for (data, message) in cases {
      XCTAssertThrowsError(try SafeTensors.decode(data, path: "model.safetensors")) {
        XCTAssertTrue("\($0)".contains("model.safetensors"), "\($0)")
        XCTAssertTrue("\($0)".contains(message), "expected “\(message)” in: \($0)")
      }
    }
    XCTAssertThrowsError(
      try SafeTensors.read(from: URL(fileURLWithPath: "/nonexistent/x.safetensors"))
    ) {
      XCTAssertTrue("\($0)".contains("cannot be read"), "\($0)")
    }
  }

  func testWritingIsAtomic() throws {
    let dir = try TemporaryFile.url("atomic")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let url = dir.appendingPathComponent("model.safetensors")
    try SafeTensors.write(
      SafeTensors.Contents(tensors: ["a": Tensor(shape: Shape(dimensions: [3]), repeating: 1)]),
      to: url)
    try SafeTensors.write(
      SafeTensors.Contents(tensors: ["a": Tensor(shape: Shape(dimensions: [3]), repeating: 2)]),
      to: url)
    XCTAssertEqual(try SafeTensors.read(from: url).tensors["a"]?.scalars, [2, 2, 2])
    // No temporary files are left next to it.
    XCTAssertEqual(
      try FileManager.default.contentsOfDirectory(atPath: dir.path), ["model.safetensors"])
    // A folder that cannot be written names the file.
    XCTAssertThrowsError(
      try SafeTensors.write(
        SafeTensors.Contents(), to: URL(fileURLWithPath: "/proc/oncoface.safetensors"))
    ) {
      XCTAssertTrue("\($0)".contains("cannot be written"), "\($0)")
    }
  }
}

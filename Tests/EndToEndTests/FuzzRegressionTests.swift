import Foundation
import OncoData
import OncoFuzzEntries
import OncoImage
import OncoNN
import OncoTestSupport
import XCTest

/// The inputs on which the fuzzers (`make fuzz`) found a reader crashing or breaking a promise,
/// replayed through the same entry points the fuzzers call (`FuzzTarget.run`).
///
/// Every file under Tests/Fixtures/fuzz/<target>/ must be listed in `expected` with what the reader
/// answers since the fix, so a new crash file cannot be added without saying what it found.
final class FuzzRegressionTests: XCTestCase {
  private enum Answer {
    /// Read, every promise kept.
    case accepted
    /// Refused with the reader's own error, whose message holds this text (every promise kept on
    /// the way there).
    case rejected(String)
  }

  /// `<target>/<file>`: what the reader answers now (and, in the comment, what it did before).
  private let expected: [String: Answer] = [
    // CSVWriter did not double a quote followed by a combining mark (one Character in Swift), so
    // the file it wrote no longer read back.
    "manifest/quote-then-combining-mark.csv": .rejected("no `path`"),
    // A header field starting with U+FEFF was written unquoted at the start of the file, where it
    // reads back as a byte-order mark and disappears.
    "manifest/byte-order-mark-after-blank-line.csv": .rejected("no `path`"),
    // OncoNN drops overflow checks in release builds: a shape whose product wraps to a negative
    // count passed the size check and the copy read past the file (AddressSanitizer:
    // heap-buffer-overflow); wrapping to zero made a tensor claiming 2^64 values with none stored.
    "safetensors/shape-product-wraps-negative.safetensors": .rejected("more values than the file"),
    "safetensors/shape-product-wraps-to-zero.safetensors": .rejected("more values than the file"),
    // The same in dlib's model reader: four dimensions below 2^28 multiplying to Int.min
    // (heap-buffer-overflow).
    "dlib-model/shape-product-wraps-to-int-min.dat": .rejected("overflows"),
  ]

  private var regressions: URL { TestPaths.fixtures.appendingPathComponent("fuzz") }

  func testEveryRegressionInputIsReadOrRefusedAsDocumented() throws {
    var seen: Set<String> = []
    for target in FuzzTarget.allCases {
      let folder = regressions.appendingPathComponent(target.rawValue)
      let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
      for name in names.sorted() where !name.hasPrefix(".") {
        let key = "\(target.rawValue)/\(name)"
        seen.insert(key)
        let data = try Data(contentsOf: folder.appendingPathComponent(name))
        let outcome = target.run(data)
        switch (expected[key], outcome) {
        case (nil, _):
          XCTFail("\(key) is not in `expected`: say what it found and what the reader answers")
        case (.accepted, .accepted):
          break
        case (.rejected(let text), .rejected(let message)):
          XCTAssertTrue(message.contains(text), "\(key): \(message)")
        case (_, let other):
          XCTFail("\(key): \(other)")
        }
      }
    }
    XCTAssertEqual(seen, Set(expected.keys), "every expected file is present")
  }

  /// The entry points reach the success path: a well-formed file of each kind is accepted, so a
  /// fuzzer's inputs go past the first check.
  func testEachTargetAcceptsAWellFormedFile() throws {
    let manifest = "path,label,sex,age\n\"a, b.png\",case,F,40\nc.png,control,M,41\n"
    XCTAssertEqual(FuzzTarget.manifest.run(Data(manifest.utf8)), .accepted)

    var pixels = [UInt8](repeating: 0, count: 4 * 3 * 3)
    for i in pixels.indices { pixels[i] = UInt8(i * 7 % 256) }
    let image = RGBImage(width: 4, height: 3, pixels: pixels)
    XCTAssertEqual(FuzzTarget.image.run(try PNGCodec.encode(image)), .accepted)
    XCTAssertEqual(FuzzTarget.image.run(try JPEGCodec.encode(image)), .accepted)

    let tensor = try Tensor(shape: Shape(dimensions: [2, 2]), scalars: [1, -2, .nan, 4])
    let contents = SafeTensors.Contents(tensors: ["w": tensor], metadata: ["epoch": "1"])
    XCTAssertEqual(FuzzTarget.safetensors.run(try SafeTensors.encode(contents)), .accepted)

    let metrics = """
      {"best":true,"epoch":1,"images_per_second":50,"kind":"epoch","learning_rate":0.001,\
      "seconds":2,"train_accuracy":0.5,"train_loss":0.7,"val_accuracy":0.5,"val_auc":"nan",\
      "val_loss":0.69}
      {"epoch":2,"kind":"ep
      """
    XCTAssertEqual(FuzzTarget.metricsLog.run(Data(metrics.utf8)), .accepted)
  }

  /// Garbage is refused by every reader with its own error naming the file (`run` reports any
  /// other answer as broken), and metrics.jsonl skips a bad line rather than failing.
  func testGarbageIsRefusedCleanlyByEveryReader() {
    for target in FuzzTarget.allCases where target != .metricsLog {
      let outcome = target.run(Data("\u{0}\u{1}garbage,\"\n".utf8))
      guard case .rejected(let message) = outcome else {
        return XCTFail("\(target.rawValue): \(outcome)")
      }
      XCTAssertFalse(message.isEmpty)
    }
    XCTAssertEqual(FuzzTarget.metricsLog.run(Data("garbage\n".utf8)), .accepted)
  }
}

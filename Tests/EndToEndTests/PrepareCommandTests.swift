import Foundation
import OncoTestSupport
import XCTest

/// `oncoface prepare` driven through the release binary, on the real face set and on bad input.
final class PrepareCommandTests: XCTestCase {
  private var folder: URL!

  override func setUpWithError() throws { folder = try TestPaths.temporaryDirectory("prepare-e2e") }
  override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

  private func csvRows(_ url: URL) throws -> [[String]] {
    // Plain splitting is enough here: the checked columns never hold commas or quotes.
    try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map {
      $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
    }
  }

  func testFacesDevIsPreparedWithTheEyesOnTheTemplate() throws {
    guard let dev = TestPaths.facesDev else { throw XCTSkip(TestPaths.facesDevMissing) }
    let out = folder.appendingPathComponent("Prepared")
    let run = try ReleaseBinary.run([
      "prepare", dev.path, "--out", out.path, "--aligned", "--json",
      "--jobs", "2",
    ])
    XCTAssertEqual(run.status, 0, run.stderr)
    let summary = run.summary
    let total = try XCTUnwrap(summary["total"] as? Int)
    let ok = try XCTUnwrap(summary["ok"] as? Int)
    XCTAssertEqual(total, 1200)
    XCTAssertGreaterThanOrEqual(Double(ok) / Double(total), 0.98)
    XCTAssertEqual(summary["failed"] as? Int, total - ok)
    XCTAssertNotNil(summary["seconds"] as? Double)

    let prepared = try csvRows(out.appendingPathComponent("prepared.csv"))
    XCTAssertEqual(prepared.first?.suffix(4), ["id", "chip", "outcome", "reason"])
    XCTAssertEqual(prepared.count, total + 1)
    let chips = try FileManager.default
      .contentsOfDirectory(atPath: out.appendingPathComponent("chips").path)
    XCTAssertEqual(chips.count, ok)

    // dlib's template eye centres in a 150 px chip with padding 0.25 (FaceChipTemplate).
    let template = [(47.549, 46.599), (100.476, 46.599)]
    let landmarks = try csvRows(out.appendingPathComponent("landmarks.csv"))
    XCTAssertEqual(landmarks.first?.count, 137)
    var offsets: [Double] = []
    for row in landmarks.dropFirst() {
      let v = row.dropFirst().map { Double($0)! }
      var worst = 0.0
      for (eye, first) in zip(template, [36, 42]) {
        var x = 0.0
        var y = 0.0
        for i in first..<first + 6 {
          x += v[2 * i] / 6
          y += v[2 * i + 1] / 6
        }
        let dx: Double = x - eye.0
        let dy: Double = y - eye.1
        worst = max(worst, (dx * dx + dy * dy).squareRoot())
      }
      offsets.append(worst)
    }
    offsets.sort()
    XCTAssertEqual(offsets.count, ok)
    // Turned heads and babies' proportions keep some eyes off dlib's mean face; none by much.
    XCTAssertLessThan(offsets[offsets.count / 2], 3.5, "median eye offset")
    XCTAssertLessThan(offsets[offsets.count * 95 / 100], 7, "95th percentile eye offset")
    XCTAssertLessThan(offsets.last!, 12, "largest eye offset")

    // The second run reuses every finished photo.
    let again = try ReleaseBinary.run([
      "prepare", dev.path, "--out", out.path, "--aligned", "--json",
    ])
    XCTAssertEqual(again.status, 0, again.stderr)
    XCTAssertEqual(again.summary["reused"] as? Int, total)
    XCTAssertEqual(again.summary["ok"] as? Int, ok)
  }

  func testNothingPreparedMeansANonZeroStatusAndEveryRowReported() throws {
    let photos = folder.appendingPathComponent("photos")
    try FileManager.default.createDirectory(
      at: photos.appendingPathComponent("case"),
      withIntermediateDirectories: true)
    try Data("hello".utf8).write(to: photos.appendingPathComponent("case/text.jpg"))
    try Data().write(to: photos.appendingPathComponent("case/empty.png"))
    // A Latin-1 file name ("été.jpg"), not valid UTF-8.
    let latin1 =
      Array(photos.appendingPathComponent("case").path.utf8) + [0x2F, 0xE9, 0x74, 0xE9]
      + Array(".jpg".utf8)
    let fd = (latin1 + [0]).withUnsafeBufferPointer {
      $0.withMemoryRebound(to: CChar.self) { open($0.baseAddress!, O_CREAT | O_WRONLY, 0o644) }
    }
    XCTAssertGreaterThanOrEqual(fd, 0)
    close(fd)
    let out = folder.appendingPathComponent("out")
    let run = try ReleaseBinary.run(["prepare", photos.path, "--out", out.path, "--json"])
    XCTAssertEqual(run.status, 1)
    XCTAssertTrue(run.stderr.contains("no photo was prepared"), run.stderr)
    XCTAssertEqual(run.summary["total"] as? Int, 3)
    XCTAssertEqual(run.summary["ok"] as? Int, 0)
    XCTAssertEqual(run.summary["failed"] as? Int, 3)
    let rows = try csvRows(out.appendingPathComponent("prepared.csv"))
    XCTAssertEqual(
      rows.map { $0[0] },
      ["path", "case/empty.png", "case/text.jpg", "case/\u{FFFD}t\u{FFFD}.jpg"])
    XCTAssertEqual(rows.dropFirst().map { $0[1] }, ["case", "case", "case"])  // sub-folder label
    XCTAssertEqual(rows.dropFirst().map { $0[2] }, ["empty", "text", "_t_"])  // safe ids
    XCTAssertEqual(rows.dropFirst().map { $0[4] }, ["unreadable", "unreadable", "unreadable"])
    XCTAssertTrue(rows[3][5].contains("empty (0 bytes)"), rows[3][5])  // read by its real name
  }
}

import Foundation
import OncoData
import OncoFace
import OncoImage
import OncoTestSupport
import XCTest

final class PreparationJobTests: XCTestCase {
  private var folder: URL!

  override func setUpWithError() throws { folder = try TestPaths.temporaryDirectory("prep-job") }
  override func tearDownWithError() throws {
    _ = chmod(folder.appendingPathComponent("locked.jpg").path, 0o644)
    try? FileManager.default.removeItem(at: folder)
  }

  /// Real face photos from faces-dev (JPEG bytes), or a skip when the data set is absent.
  private func faces(_ count: Int) throws -> [Data] {
    guard let dev = TestPaths.facesDev else { throw XCTSkip(TestPaths.facesDevMissing) }
    let images = dev.appendingPathComponent("images")
    let names = try FileManager.default.contentsOfDirectory(atPath: images.path).sorted()
    return try (0..<count).map {
      try Data(contentsOf: images.appendingPathComponent(names[$0 * 131]))
    }
  }

  private func write(_ data: Data, _ name: String) throws {
    try data.write(to: folder.appendingPathComponent(name))
  }

  private func rows(_ url: URL) throws -> [[String: String]] {
    let csv = try CSVFile(contentsOf: url)
    return csv.records.map { Dictionary(uniqueKeysWithValues: zip(csv.header, $0.fields)) }
  }

  func testHostileCorpusGivesOneClearRowPerItemAndNoCrash() throws {
    let (face, other) = try { let f = try faces(2); return (f[0], f[1]) }()
    try write(face, "face.jpg")
    try write(other, "other.png.jpg")  // a JPEG named like a PNG: sniffed by content
    try write(face.prefix(face.count / 2), "truncated.jpg")
    let intact = [UInt8](try PNGCodec.encode(try ImageDecoder.decode(face, path: "face")))
    var png = intact
    for i in stride(from: 200, to: min(png.count, 2000), by: 7) { png[i] ^= 0x5A }  // damage IDAT
    try write(Data(png), "corrupt.png")
    try write(Data(intact.prefix(intact.count / 2)), "truncated.png")
    try write(Data("this is a text file\n".utf8), "text.jpg")
    try write(Data(), "empty.jpg")
    try write(try PNGCodec.encode(RGBImage(width: 1, height: 1)), "tiny.png")
    var huge = [UInt8](try JPEGCodec.encode(RGBImage(width: 16, height: 16)))
    let sof = (0..<huge.count - 1).first { huge[$0] == 0xFF && huge[$0 + 1] == 0xC0 }!
    huge[sof + 5...sof + 8] = [0x75, 0x30, 0x75, 0x30]  // 30000×30000
    try write(Data(huge), "huge.jpg")
    for fixture in ["cmyk.jpg", "rgb16.png"] {  // decode fine; 8×6, so no face
      try FileManager.default.copyItem(
        at: TestPaths.fixtures.appendingPathComponent("images/\(fixture)"),
        to: folder.appendingPathComponent(fixture))
    }
    try write(face, "locked.jpg")
    XCTAssertEqual(chmod(folder.appendingPathComponent("locked.jpg").path, 0), 0)
    try FileManager.default.createDirectory(at: folder.appendingPathComponent("album.jpg"),
                                            withIntermediateDirectories: false)
    let names = ["face.jpg", "other.png.jpg", "truncated.jpg", "corrupt.png", "truncated.png",
                 "text.jpg",
                 "empty.jpg", "tiny.png", "huge.jpg", "cmyk.jpg", "rgb16.png", "locked.jpg",
                 "album.jpg", "missing.jpg"]
    let manifest = "file,sex,note\n" + names.map { "\($0),F,\"a, b\"\n" }.joined()
      + "face.jpg,unknown,duplicate with a bad sex\n"
    try write(Data(manifest.utf8), "photos.csv")

    let out = folder.appendingPathComponent("out")
    let input = try PreparationInput.load(folder.appendingPathComponent("photos.csv"))
    let summary = try PreparationJob(input: input, output: out, options: .init(jobs: 2)).run()

    let asRoot = geteuid() == 0  // root reads a chmod-000 file
    let expected: [String: (PreparationOutcome, String)] = [
      "face.jpg": (.ok, ""), "other.png.jpg": (.ok, ""),
      "truncated.jpg": (.unreadable, "truncated"), "corrupt.png": (.unreadable, "corrupt image"),
      "truncated.png": (.unreadable, "corrupt image"),
      "text.jpg": (.unreadable, "not a PNG or JPEG"), "empty.jpg": (.unreadable, "empty"),
      "tiny.png": (.noFace, "no face"), "huge.jpg": (.unreadable, "30000×30000"),
      "cmyk.jpg": (.noFace, "no face"), "rgb16.png": (.noFace, "no face"),
      "locked.jpg": asRoot ? (.ok, "") : (.unreadable, "permission denied"),
      "album.jpg": (.unreadable, "folder"), "missing.jpg": (.unreadable, "no such file"),
    ]
    let table = try rows(out.appendingPathComponent("prepared.csv"))
    XCTAssertEqual(table.count, names.count + 1)  // one row per input row
    for row in table.prefix(names.count) {
      let file = row["file"]!
      let (outcome, reason) = expected[file]!
      XCTAssertEqual(row["outcome"], outcome.rawValue, "\(file): \(row["reason"]!)")
      XCTAssertTrue(reason.isEmpty || row["reason"]!.contains(reason), "\(file): \(row["reason"]!)")
      XCTAssertEqual(row["note"], "a, b")  // the input's own columns are kept
      XCTAssertEqual(row["chip"], outcome == .ok ? "chips/\(row["id"]!).png" : "")
    }
    let last = try XCTUnwrap(table.last)
    XCTAssertEqual(last["outcome"], "unreadable")
    XCTAssertTrue(last["reason"]!.contains("manifest line 16"), last["reason"]!)
    XCTAssertEqual(summary.total, names.count + 1)
    XCTAssertEqual(summary.ok, asRoot ? 3 : 2)

    // Nothing half-written: the chip folders hold exactly the ok photos' PNGs, all whole.
    let okIDs = Set(table.filter { $0["outcome"] == "ok" }.map { $0["id"]! + ".png" })
    for sub in ["chips", "masked"] {
      let files = try FileManager.default
        .contentsOfDirectory(atPath: out.appendingPathComponent(sub).path)
      XCTAssertEqual(Set(files), okIDs, sub)
      for file in files {
        let chip = try RGBImage(contentsOf: out.appendingPathComponent("\(sub)/\(file)").path)
        XCTAssertEqual([chip.width, chip.height], [150, 150])
      }
    }
    let landmarks = try rows(out.appendingPathComponent("landmarks.csv"))
    XCTAssertEqual(Set(landmarks.map { $0["id"]! + ".png" }), okIDs)
    XCTAssertEqual(landmarks.first?.count, 137)
  }

  func testSecondRunReusesFinishedItemsAndRedoesChangedOnes() throws {
    let photos = try faces(3)
    for (i, data) in photos.prefix(2).enumerated() { try write(data, "p\(i).jpg") }
    try write(Data("not an image".utf8), "bad.png")
    let out = folder.appendingPathComponent("out")
    func run() throws -> PreparationSummary {
      try PreparationJob(input: try PreparationInput.load(folder, excluding: out), output: out,
                         options: .init(jobs: 2)).run()
    }
    let first = try run()
    XCTAssertEqual([first.ok, first.failed, first.reused], [2, 1, 0])
    let landmarksFile = out.appendingPathComponent("landmarks.csv")
    let firstLandmarks = try String(contentsOf: landmarksFile, encoding: .utf8)
    let second = try run()
    XCTAssertEqual([second.ok, second.failed, second.reused], [2, 1, 3])
    XCTAssertEqual(try String(contentsOf: landmarksFile, encoding: .utf8), firstLandmarks)
    // p0 becomes another face: redone. p1 becomes a blank picture: no face, and its chips go.
    try write(photos[2], "p0.jpg")
    try write(try PNGCodec.encode(RGBImage(width: 120, height: 120, fill: (90, 90, 90))), "p1.jpg")
    let third = try run()
    XCTAssertEqual([third.ok, third.failed, third.reused], [1, 2, 1])
    for file in ["chips/p1.png", "masked/p1.png"] {
      XCTAssertFalse(FileManager.default.fileExists(atPath: out.appendingPathComponent(file).path))
    }
    // Other options are other outputs: nothing is reused.
    let bigger = try PreparationJob(
      input: try PreparationInput.load(folder, excluding: out), output: out,
      options: .init(aligner: FaceAligner.Options(size: 112), jobs: 1)).run()
    XCTAssertEqual(bigger.reused, 0)
    let chip = try RGBImage(contentsOf: out.appendingPathComponent("chips/p0.png").path)
    XCTAssertEqual(chip.width, 112)
  }

  func testPreparingAPreparedTableAgainKeepsEveryColumnOnce() throws {
    try write(try faces(1)[0], "p0.jpg")
    var input = try PreparationInput.load(folder)
    for round in 1...3 {
      let out = folder.appendingPathComponent("round\(round)")
      let summary = try PreparationJob(input: input, output: out, options: .init(jobs: 1)).run()
      XCTAssertEqual(summary.ok, 1)
      let header = try CSVFile(contentsOf: out.appendingPathComponent("prepared.csv")).header
      XCTAssertEqual(Set(header.map { $0.lowercased() }).count, header.count, "\(header)")
      XCTAssertEqual(Array(header.suffix(4)), PreparedFolder.addedColumns)
      if round == 3 { XCTAssertTrue(header.contains("input_input_id"), "\(header)") }
      // The next round reads this table from the photos' folder, as a researcher would.
      let table = folder.appendingPathComponent("round\(round).csv")
      try FileManager.default.copyItem(at: out.appendingPathComponent("prepared.csv"), to: table)
      input = try PreparationInput.load(table)
    }
  }

  func testAStoppedRunKeepsItsFinishedPhotosForTheNextRun() throws {
    for (i, data) in try faces(3).enumerated() { try write(data, "p\(i).jpg") }
    let out = folder.appendingPathComponent("out")
    let input = try PreparationInput.load(folder, excluding: out)
    let job = PreparationJob(input: input, output: out, options: .init(jobs: 1))
    let asked = Counter()
    XCTAssertThrowsError(try job.run(shouldStop: { asked.next() > 1 })) {
      XCTAssertEqual($0 as? PreparationError, .stopped(done: 1, total: 3))
    }
    let table = out.appendingPathComponent("prepared.csv")
    XCTAssertFalse(FileManager.default.fileExists(atPath: table.path))  // no partial tables
    let resumed = try job.run()
    XCTAssertEqual([resumed.ok, resumed.reused], [3, 1])
  }
}

/// A thread-safe count of calls.
private final class Counter: @unchecked Sendable {
  private let lock = NSLock()
  private var count = 0
  func next() -> Int {
    lock.lock()
    defer { lock.unlock() }
    count += 1
    return count
  }
}

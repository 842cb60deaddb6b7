import Foundation
import OncoData
import OncoImage
import OncoStats
import OncoTestSupport
import XCTest

/// Large and hostile inputs through the release binary, with its peak memory measured
/// (`ru_maxrss`): 20,000 photos listed, filtered and prepared; manifests with a field over 1 MB or
/// more than 10,000 columns.
final class ResourceLimitsTests: XCTestCase {
  private var root: URL!

  override func setUpWithError() throws {
    _ = try ReleaseBinary.url()
    root = try TestPaths.temporaryDirectory("resource-limits")
  }

  override func tearDown() {
    if let root { try? FileManager.default.removeItem(at: root) }
  }

  /// 20,000 photos: a folder listed and prepared, and a pool of 19,000 filtered to matched
  /// controls for 1,000 cases. Peak memory is bounded: preparing 20,000 photos takes at most
  /// 64 MB more than preparing 2,000 of them (the models dominate), and every photo has its row.
  func testTwentyThousandPhotosAreListedFilteredAndPreparedInBoundedMemory() throws {
    let big = try makePhotoFolder(count: 20_000, name: "big")
    let small = try makePhotoFolder(count: 2_000, name: "small")

    // Filtered: sex/age-matched controls for 1,000 cases from a pool of 19,000.
    let (cases, pool) = try writeCohortManifests(photos: big)
    let cohortFile = root.appendingPathComponent("cohort.csv")
    let cohort = try OncofaceProcess.runMeasured(
      ["cohort", "--cases", cases.path, "--pool", pool.path, "--out", cohortFile.path, "--json"])
    XCTAssertEqual(cohort.status, 0, cohort.output)
    let matched = try CSVFile(contentsOf: cohortFile)
    let labels = try XCTUnwrap(matched.header.firstIndex(of: "label"))
    XCTAssertEqual(matched.records.filter { $0.fields[labels] == "case" }.count, 1_000)
    XCTAssertEqual(matched.records.filter { $0.fields[labels] == "control" }.count, 1_000)

    // Listed and prepared: every photo of the folder has its row; the faces are aligned.
    var peaks: [Int: Double] = [:]
    for (folder, count) in [(small, 2_000), (big, 20_000)] {
      let out = root.appendingPathComponent("prepared-\(count)")
      let run = try OncofaceProcess.runMeasured(
        ["prepare", folder.path, "--out", out.path, "--upsample", "0", "--jobs", "2", "--json"])
      XCTAssertEqual(run.status, 0, run.output)
      let prepared = try CSVFile(contentsOf: out.appendingPathComponent("prepared.csv"))
      let outcome = try XCTUnwrap(prepared.header.firstIndex(of: "outcome"))
      XCTAssertEqual(prepared.records.count, count)
      XCTAssertEqual(prepared.records.filter { $0.fields[outcome] == "ok" }.count, count / 50)
      XCTAssertEqual(prepared.records.filter { $0.fields[outcome] == "no_face" }.count,
                     count - count / 50)
      peaks[count] = run.peakMB
    }
    print(String(format: "ResourceLimitsTests: peak RSS cohort (20,000 rows) %.0f MB, prepare "
      + "2,000 photos %.0f MB, 20,000 photos %.0f MB", cohort.peakMB, peaks[2_000]!,
                 peaks[20_000]!))
    XCTAssertLessThan(peaks[20_000]!, peaks[2_000]! + 64, "memory grows with the photo count")
    XCTAssertLessThan(cohort.peakMB, 256)
  }

  /// A field over 1 MB costs its own row, reported with its line; a header of more than 10,000
  /// columns stops the file with a message naming it; neither takes much memory.
  func testAOneMegabyteFieldOrTenThousandColumnsIsRejectedCleanly() throws {
    let photos = try makePhotoFolder(count: 50, name: "photos")
    let face = try XCTUnwrap(
      FileManager.default.contentsOfDirectory(atPath: photos.appendingPathComponent("case").path)
        .sorted().first)

    let wide = root.appendingPathComponent("wide.csv")
    let header = ["path"] + (1...10_000).map { "c\($0)" }
    let row = "case/\(face)" + String(repeating: ",", count: 10_000)
    try Data((header.joined(separator: ",") + "\n" + row + "\n").utf8).write(to: wide)
    let long = root.appendingPathComponent("long.csv")
    try Data(("path,label,sex,age\n\"" + String(repeating: "x", count: (1 << 20) + 1)
      + "\",case,F,40\ncase/\(face),case,F,41\n").utf8).write(to: long)
    for manifest in [wide, long] {
      try FileManager.default.copyItem(
        at: manifest, to: photos.appendingPathComponent(manifest.lastPathComponent))
    }

    let tooWide = try OncofaceProcess.runMeasured(
      ["prepare", photos.appendingPathComponent("wide.csv").path,
       "--out", root.appendingPathComponent("out-wide").path])
    XCTAssertNotEqual(tooWide.status, 0)
    XCTAssertTrue(tooWide.output.contains("wide.csv"), tooWide.output)
    XCTAssertTrue(tooWide.output.contains("more than 10000 fields"), tooWide.output)
    XCTAssertFalse(tooWide.output.contains("Fatal error"), tooWide.output)

    let out = root.appendingPathComponent("out-long")
    let tooLong = try OncofaceProcess.runMeasured(
      ["prepare", photos.appendingPathComponent("long.csv").path, "--out", out.path])
    XCTAssertEqual(tooLong.status, 0, "the good row is prepared: \(tooLong.output)")
    let prepared = try CSVFile(contentsOf: out.appendingPathComponent("prepared.csv"))
    let outcome = try XCTUnwrap(prepared.header.firstIndex(of: "outcome"))
    let reason = try XCTUnwrap(prepared.header.firstIndex(of: "reason"))
    XCTAssertEqual(prepared.records.map { $0.fields[outcome] }, ["unreadable", "ok"])
    XCTAssertTrue(prepared.records[0].fields[reason].contains("longer than 1 MB"),
                  prepared.records[0].fields[reason])
    XCTAssertLessThan(try fileSize(out.appendingPathComponent("prepared.csv")), 64 << 10,
                      "the 1 MB field is not copied into prepared.csv")
    print(String(format: "ResourceLimitsTests: peak RSS 10,001 columns %.0f MB, 1 MB field %.0f MB",
                 tooWide.peakMB, tooLong.peakMB))
    XCTAssertLessThan(max(tooWide.peakMB, tooLong.peakMB), 512)
  }

  // MARK: - Data

  /// `count` photos in `case/` and `control/` (alternating): every 50th one of 40 demo faces, the
  /// others one of four 24×24 noise images (no face). Hard links, so 20,000 photos take no space.
  private func makePhotoFolder(count: Int, name: String) throws -> URL {
    let sources = try sourcePhotos()
    let folder = root.appendingPathComponent(name)
    for label in ["case", "control"] {
      try FileManager.default.createDirectory(
        at: folder.appendingPathComponent(label), withIntermediateDirectories: true)
    }
    for i in 0..<count {
      let source =
        i % 50 == 0 ? sources.faces[(i / 50) % sources.faces.count] : sources.noise[i % 4]
      let target = folder.appendingPathComponent(
        String(format: "%@/p%05d.png", i % 2 == 0 ? "case" : "control", i))
      try FileManager.default.linkItem(at: source, to: target)
    }
    return folder
  }

  private var sources: (faces: [URL], noise: [URL])?

  private func sourcePhotos() throws -> (faces: [URL], noise: [URL]) {
    if let sources { return sources }
    let demo = try OncofaceProcess.smallDemo(in: root)
    let chips = demo.appendingPathComponent("chips")
    let faces = try FileManager.default.contentsOfDirectory(atPath: chips.path).sorted()
      .map { chips.appendingPathComponent($0) }
    var random = SeededGenerator(seed: 11)
    var noise: [URL] = []
    for k in 0..<4 {
      var image = RGBImage(width: 24, height: 24)
      for i in image.pixels.indices { image.pixels[i] = UInt8(random.nextInt(below: 256)) }
      let url = root.appendingPathComponent("noise\(k).png")
      try image.writePNG(to: url)
      noise.append(url)
    }
    sources = (faces, noise)
    return (faces, noise)
  }

  /// cases.csv: the first 1,000 photos of case/; pool.csv: the other 19,000 photos. Sex and age
  /// cycle so that every case has matches in the pool.
  private func writeCohortManifests(photos: URL) throws -> (cases: URL, pool: URL) {
    var cases = CSVWriter(header: ["path", "sex", "age"])
    var pool = CSVWriter(header: ["path", "sex", "age"])
    for i in 0..<20_000 {
      let path = photos.appendingPathComponent(
        String(format: "%@/p%05d.png", i % 2 == 0 ? "case" : "control", i)).path
      let row = [path, i % 3 == 0 ? "F" : "M", "\(30 + i % 40)"]
      if i % 2 == 0, i < 2_000 { cases.append(row) } else { pool.append(row) }
    }
    let urls = (root.appendingPathComponent("cases.csv"), root.appendingPathComponent("pool.csv"))
    try cases.write(to: urls.0)
    try pool.write(to: urls.1)
    return urls
  }

  private func fileSize(_ url: URL) throws -> Int {
    try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int ?? 0
  }
}

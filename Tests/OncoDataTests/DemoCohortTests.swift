import Foundation
import OncoImage
import OncoTestSupport
import XCTest

@testable import OncoData

/// The demo cohort on disk: the prepared-folder contract, byte-for-byte determinism, reuse.
final class DemoCohortTests: XCTestCase {
  private var folders: [URL] = []

  override func tearDown() {
    for url in folders { try? FileManager.default.removeItem(at: url) }
    folders = []
  }

  private func folder() throws -> URL {
    let url = try TestPaths.temporaryDirectory("demo-cohort")
    folders.append(url)
    return url
  }

  private func lines(_ url: URL) throws -> [String] {
    try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map(String.init)
  }

  private func pngs(_ url: URL) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: url.path).filter { $0.hasSuffix(".png") }
      .sorted()
  }

  func testWritesThePreparedFolderThatTrainingReads() throws {
    let dir = try folder()
    let options = DemoOptions(count: 24, seed: 3)
    let summary = try DemoCohort.generate(into: dir, options: options)
    XCTAssertEqual(summary.count, 24)
    XCTAssertEqual(summary.cases, 12)
    XCTAssertEqual(summary.controls, 12)

    let manifest = try lines(dir.appendingPathComponent("manifest.csv"))
    XCTAssertEqual(manifest.first, "path,label,sex,age,subject,id")
    XCTAssertEqual(manifest.count, 25)
    let prepared = try lines(dir.appendingPathComponent("prepared.csv"))
    // As prepare writes it: the manifest's own id column becomes input_id.
    XCTAssertEqual(prepared.first, "path,label,sex,age,subject,input_id,id,chip,outcome,reason")
    let landmarks = try lines(dir.appendingPathComponent("landmarks.csv"))
    XCTAssertEqual(landmarks.first?.split(separator: ",").count, 137)
    XCTAssertEqual(landmarks.first?.hasPrefix("id,x0,y0,x1,y1,"), true)
    XCTAssertEqual(landmarks.first?.hasSuffix(",x67,y67"), true)

    let ids = (1...24).map { String(format: "demo%04d", $0) }
    XCTAssertEqual(try pngs(dir.appendingPathComponent("chips")), ids.map { $0 + ".png" })
    XCTAssertEqual(try pngs(dir.appendingPathComponent("masked")), ids.map { $0 + ".png" })
    var cases: [String] = []
    for (k, id) in ids.enumerated() {
      let row = manifest[k + 1].split(separator: ",", omittingEmptySubsequences: false).map(
        String.init)
      XCTAssertEqual(row[0], "chips/\(id).png")
      XCTAssertTrue(["case", "control"].contains(row[1]), row[1])
      XCTAssertTrue(["M", "F"].contains(row[2]), row[2])
      XCTAssertTrue((1...70).contains(Int(row[3]) ?? -1), row[3])
      XCTAssertEqual(row[4], id)
      XCTAssertEqual(row[5], id)
      if row[1] == "case" { cases.append(id + ".png") }
      XCTAssertEqual(prepared[k + 1], manifest[k + 1] + ",\(id),chips/\(id).png,ok,")

      // The files are the faces the API renders, whatever thread made them.
      let face = DemoFace.render(index: k, options: options)
      XCTAssertEqual(face.id, id)
      XCTAssertEqual(face.label, row[1])
      let chip = try PNGCodec.decode(
        Data(contentsOf: dir.appendingPathComponent("chips/\(id).png")))
      XCTAssertEqual(chip, face.chip)
      let numbers = landmarks[k + 1].split(separator: ",").dropFirst().compactMap { Double($0) }
      XCTAssertEqual(numbers.count, 136)
      for i in 0..<68 {
        XCTAssertEqual(numbers[2 * i], face.landmarks[i].x, accuracy: 0.006)
        XCTAssertEqual(numbers[2 * i + 1], face.landmarks[i].y, accuracy: 0.006)
      }
    }
    // Signal masks for cases only, grey 0/255 of the chip's size.
    XCTAssertEqual(try pngs(dir.appendingPathComponent("signal")), cases.sorted())
    let mask = try PNGCodec.decode(
      Data(contentsOf: dir.appendingPathComponent("signal/\(cases[0])")))
    XCTAssertEqual(mask.width, 150)
    XCTAssertTrue(mask.pixels.allSatisfy { $0 == 0 || $0 == 255 })
    XCTAssertTrue(DemoCohort.isComplete(at: dir, options: options))
  }

  func testSameSeedGivesTheSameBytesAndAnotherSeedOtherFaces() throws {
    let a = try folder()
    let b = try folder()
    let c = try folder()
    try DemoCohort.generate(into: a, options: DemoOptions(count: 10, seed: 5))
    try DemoCohort.generate(into: b, options: DemoOptions(count: 10, seed: 5))
    try DemoCohort.generate(into: c, options: DemoOptions(count: 10, seed: 6))
    for name in ["manifest.csv", "prepared.csv", "landmarks.csv", DemoCohort.markerName] {
      XCTAssertEqual(
        try Data(contentsOf: a.appendingPathComponent(name)),
        try Data(contentsOf: b.appendingPathComponent(name)), name)
    }
    for sub in ["chips", "masked", "signal"] {
      for name in try pngs(a.appendingPathComponent(sub)) {
        XCTAssertEqual(
          try Data(contentsOf: a.appendingPathComponent("\(sub)/\(name)")),
          try Data(contentsOf: b.appendingPathComponent("\(sub)/\(name)")), name)
      }
    }
    for name in try pngs(a.appendingPathComponent("chips")) {
      XCTAssertNotEqual(
        try Data(contentsOf: a.appendingPathComponent("chips/\(name)")),
        try Data(contentsOf: c.appendingPathComponent("chips/\(name)")), name)
    }
  }

  func testTheSignalChangesCasesOnly() {
    // Same seed, with and without the planted signal: controls come out identical, cases do not.
    for index in 0..<8 {
      let plain = DemoFace.render(index: index, options: DemoOptions(count: 8, seed: 2, effect: 0))
      let planted = DemoFace.render(
        index: index, options: DemoOptions(count: 8, seed: 2, effect: 1))
      XCTAssertEqual(plain.isCase, planted.isCase)
      if planted.isCase {
        XCTAssertNotEqual(plain.chip, planted.chip, plain.id)
      } else {
        XCTAssertEqual(plain.chip, planted.chip, plain.id)
        XCTAssertNil(planted.signalMask)
      }
    }
  }

  func testEnsureReusesACompleteCohortAndRedoesAKilledOne() throws {
    let dir = try folder()
    let options = DemoOptions(count: 6, seed: 4)
    XCTAssertEqual(try DemoCohort.ensure(at: dir, options: options), dir)
    let chip = dir.appendingPathComponent("chips/demo0001.png")
    let good = try Data(contentsOf: chip)

    // Complete with the same options: reused as it is (the changed file stays changed).
    try Data("not a png".utf8).write(to: chip)
    try DemoCohort.ensure(at: dir, options: options)
    XCTAssertEqual(try Data(contentsOf: chip), Data("not a png".utf8))

    // A run killed before its marker: redone.
    try FileManager.default.removeItem(at: dir.appendingPathComponent(DemoCohort.markerName))
    XCTAssertFalse(DemoCohort.isComplete(at: dir, options: options))
    try DemoCohort.ensure(at: dir, options: options)
    XCTAssertEqual(try Data(contentsOf: chip), good)
    XCTAssertTrue(DemoCohort.isComplete(at: dir, options: options))

    // Other options: remade, and no stale faces are left behind.
    let fewer = DemoOptions(count: 4, seed: 4)
    XCTAssertFalse(DemoCohort.isComplete(at: dir, options: fewer))
    try DemoCohort.ensure(at: dir, options: fewer)
    XCTAssertEqual(try pngs(dir.appendingPathComponent("chips")).count, 4)
    XCTAssertEqual(try lines(dir.appendingPathComponent("manifest.csv")).count, 5)
    XCTAssertTrue(DemoCohort.isComplete(at: dir, options: fewer))
  }

  func testOptionsOutOfRangeAreRejectedWithTheOptionNamed() {
    let bad: [(DemoOptions, String)] = [
      (DemoOptions(count: 0), "--count"), (DemoOptions(effect: -1), "--effect"),
      (DemoOptions(effect: .nan), "--effect"), (DemoOptions(size: 8), "--size"),
    ]
    for (options, name) in bad {
      XCTAssertThrowsError(try options.validate()) { error in
        XCTAssertTrue("\(error)".contains(name), "\(error)")
      }
      XCTAssertThrowsError(
        try DemoCohort.generate(
          into: URL(fileURLWithPath: "/nonexistent"),
          options: options))
    }
    XCTAssertNoThrow(try DemoOptions().validate())
  }

  func testAnUnwritableFolderIsAClearError() throws {
    let dir = try folder()
    let blocker = dir.appendingPathComponent("file")
    try Data().write(to: blocker)
    XCTAssertThrowsError(
      try DemoCohort.generate(
        into: blocker.appendingPathComponent("demo"),
        options: DemoOptions(count: 2))
    ) { error in
      XCTAssertTrue("\(error)".contains("cannot write"), "\(error)")
    }
  }
}

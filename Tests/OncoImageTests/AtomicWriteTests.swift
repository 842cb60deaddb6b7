import Foundation
import OncoImage
import OncoTestSupport
import XCTest

/// `AtomicWrite`: whole files, and the temporary files of killed writers cleaned up by name.
final class AtomicWriteTests: XCTestCase {
  func testWriteReplacesTheFileAndLeavesNoTemporary() throws {
    let folder = try TestPaths.temporaryDirectory("atomic-write")
    defer { try? FileManager.default.removeItem(at: folder) }
    let url = folder.appendingPathComponent("a.csv")
    try AtomicWrite.write(Data("old\n".utf8), to: url)
    try AtomicWrite.write(Data("new\n".utf8), to: url)
    XCTAssertEqual(try String(contentsOf: url, encoding: .utf8), "new\n")
    XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path), ["a.csv"])
  }

  func testAFailedWriteNamesTheFileAndLeavesNothing() throws {
    let missing = URL(fileURLWithPath: "/nonexistent-oncoface/a.png")
    XCTAssertThrowsError(try AtomicWrite.write(Data([1]), to: missing))
  }

  func testLeftoversOfDeadWritersGoAndALiveWritersStay() throws {
    let folder = try TestPaths.temporaryDirectory("atomic-leftovers")
    defer { try? FileManager.default.removeItem(at: folder) }
    let finished = Process()
    finished.executableURL = URL(fileURLWithPath: "/bin/true")
    try finished.run()
    finished.waitUntilExit()
    let dead = ".a.png.tmp-\(finished.processIdentifier)-42"
    let live = ".b.png.tmp-\(getpid())-7"
    for name in [dead, live, "c.png", ".hidden"] {
      try Data([0]).write(to: folder.appendingPathComponent(name))
    }
    XCTAssertFalse(AtomicWrite.isRunning(finished.processIdentifier))
    XCTAssertTrue(AtomicWrite.isRunning(getpid()))
    XCTAssertEqual(AtomicWrite.removeLeftovers(in: folder), [dead])
    XCTAssertEqual(
      Set(try FileManager.default.contentsOfDirectory(atPath: folder.path)),
      [live, "c.png", ".hidden"])
  }
}

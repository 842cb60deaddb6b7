import Foundation
import OncoTestSupport
@testable import OncoWorkbench
import XCTest

/// A writer killed in the middle of an atomic write leaves its temporary file (a checkpoint's is
/// 45 MB); resuming the session removes those of dead processes and nothing else.
final class AtomicFileLeftoversTests: XCTestCase {
  func testOnlyTemporaryFilesOfDeadWritersAreRemoved() throws {
    let folder = try TestPaths.temporaryDirectory("leftovers")
    defer { try? FileManager.default.removeItem(at: folder) }
    let dead = try deadProcessID()
    let names = [
      ".model.safetensors.tmp-\(dead)-12345",  // a killed writer's: removed
      ".session.json.tmp-\(dead)-7",  // removed
      ".model.safetensors.tmp-\(getppid())-9",  // a live process's (our parent): kept
      ".model.safetensors.tmp-\(getpid())-3",  // this process's own, in flight: kept
      "model.safetensors", ".hidden", "notes.tmp-\(dead)-1",  // not temporaries: kept
    ]
    for name in names {
      XCTAssertTrue(FileManager.default.createFile(
        atPath: folder.appendingPathComponent(name).path, contents: Data("x".utf8)))
    }
    XCTAssertEqual(AtomicFile.removeLeftovers(in: folder), 2)
    let left = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
    XCTAssertEqual(left, names.dropFirst(2).sorted())
  }

  /// The pid of a process that has exited and been reaped.
  private func deadProcessID() throws -> Int32 {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/true")
    try process.run()
    process.waitUntilExit()
    return process.processIdentifier
  }
}

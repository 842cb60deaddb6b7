import Foundation
import OncoTestSupport
import XCTest

/// Helpers of the training-side end-to-end tests (train, resume, predict, sessions): the release
/// binary (`ReleaseBinary`), session files, a small demo cohort.
enum Oncoface {
  static func run(_ arguments: [String]) throws -> ReleaseBinary.Run {
    try ReleaseBinary.run(arguments)
  }

  /// The single session folder under `sessions`.
  static func onlySession(in sessions: URL) throws -> URL {
    let names = try FileManager.default.contentsOfDirectory(atPath: sessions.path)
      .filter { !$0.hasPrefix(".") }
    guard names.count == 1 else { throw SessionsError.notOne(names) }
    return sessions.appendingPathComponent(names[0])
  }

  enum SessionsError: Error { case notOne([String]) }

  /// The JSON objects of a metrics.jsonl, with the timing fields removed when `untimed`.
  static func metrics(_ session: URL, untimed: Bool = false) throws -> [NSDictionary] {
    let text = try String(
      contentsOf: session.appendingPathComponent("metrics.jsonl"), encoding: .utf8)
    XCTAssertTrue(text.isEmpty || text.hasSuffix("\n"), "metrics.jsonl ends mid-line")
    return try text.split(separator: "\n").map { line in
      var object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
      if untimed { object = object.filter { $0.key != "seconds" && $0.key != "images_per_second" } }
      return object as NSDictionary
    }
  }

  /// session.json as a dictionary.
  static func record(_ session: URL) throws -> [String: Any] {
    let data = try Data(contentsOf: session.appendingPathComponent("session.json"))
    return try JSONSerialization.jsonObject(with: data) as! [String: Any]
  }

  private static let lock = NSLock()
  nonisolated(unsafe) private static var demoFolder: URL?

  /// A 120-face demo cohort (a prepared folder), written once per test process.
  static func demo() throws -> URL {
    try lock.withLock {
      if let demoFolder { return demoFolder }
      let folder = try TestPaths.temporaryDirectory("train-e2e-demo").appendingPathComponent("Demo")
      let run = try Oncoface.run(["demo", "--out", folder.path, "--count", "120", "--seed", "5"])
      guard run.status == 0 else {
        throw XCTSkip("oncoface demo failed (\(run.status)): \(run.stderr.suffix(300))")
      }
      demoFolder = folder
      return folder
    }
  }
}

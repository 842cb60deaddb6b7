import Foundation
import XCTest

/// Runs the release binary for end-to-end tests: to completion, or in the background to be
/// interrupted (Ctrl-C, kill -9) while it works.
///
///     let run = try ReleaseBinary.run(["sessions", "--json"])
///     XCTAssertEqual(run.status, 0, run.stderr)
///     let rows = run.summary["sessions"]
public enum ReleaseBinary {
  /// A finished run: exit status and what it printed.
  public struct Run {
    public var status: Int32
    public var stdout: String
    public var stderr: String

    /// The last stdout line (the `--json` summary) parsed as a JSON object; empty when it is not
    /// one.
    public var summary: [String: Any] {
      let last = stdout.split(separator: "\n").last.map(String.init) ?? ""
      return (try? JSONSerialization.jsonObject(with: Data(last.utf8))) as? [String: Any] ?? [:]
    }
  }

  /// The binary, or an `XCTSkip` saying how to build it.
  public static func url() throws -> URL {
    guard let binary = TestPaths.releaseBinary else {
      throw XCTSkip("no release binary: run `swift build -c release` or `make test`")
    }
    return binary
  }

  /// Runs `oncoface arguments…` to its end, in `folder` (nil: the test's working directory).
  public static func run(_ arguments: [String], in folder: URL? = nil) throws -> Run {
    let process = Process()
    process.executableURL = try url()
    process.arguments = arguments
    if let folder { process.currentDirectoryURL = folder }
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let stdout = out.fileHandleForReading.readDataToEndOfFile()
    let stderr = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Run(
      status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
      stderr: String(decoding: stderr, as: UTF8.self))
  }

  /// Starts `oncoface arguments…` in the background with stdout and stderr going to `log`, so a
  /// long run never blocks on a full pipe.
  public static func start(_ arguments: [String], log: URL) throws -> Process {
    let process = Process()
    process.executableURL = try url()
    process.arguments = arguments
    _ = FileManager.default.createFile(atPath: log.path, contents: nil)
    let handle = try FileHandle(forWritingTo: log)
    process.standardOutput = handle
    process.standardError = handle
    try process.run()
    return process
  }

  /// Waits up to `timeout` seconds for `condition`, checking every 50 ms.
  public static func wait(timeout: TimeInterval, for condition: () -> Bool) -> Bool {
    let end = Date().addingTimeInterval(timeout)
    while Date() < end {
      if condition() { return true }
      usleep(50_000)
    }
    return condition()
  }
}

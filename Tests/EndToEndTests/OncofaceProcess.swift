import Foundation
import OncoTestSupport
import XCTest

/// The release binary run as a child process that a test can wait for, kill, or measure.
///
///     let run = try OncofaceProcess.start(["train", "Demo", "--epochs", "3"])
///     if !run.waitForExit(seconds: 0.8) { run.kill() }   // SIGKILL, as a crash or the OOM killer
final class OncofaceProcess {
  let process: Process
  /// stdout and stderr go to this file (nil: discarded).
  let log: URL?

  /// The release binary, or an `XCTSkip` saying how to build it.
  static func binary() throws -> URL {
    guard let binary = TestPaths.releaseBinary else {
      throw XCTSkip("no release binary: run `swift build -c release` or `make test`")
    }
    return binary
  }

  private init(process: Process, log: URL?) {
    self.process = process
    self.log = log
  }

  /// Starts `oncoface arguments…` in `folder` (default: the current folder).
  static func start(
    _ arguments: [String], in folder: URL? = nil, log: URL? = nil,
    environment: [String: String] = [:]
  ) throws -> OncofaceProcess {
    let process = Process()
    process.executableURL = try binary()
    process.arguments = arguments
    if let folder { process.currentDirectoryURL = folder }
    var env = ProcessInfo.processInfo.environment
    env.merge(environment) { _, new in new }
    process.environment = env
    if let log {
      FileManager.default.createFile(atPath: log.path, contents: nil)
      let handle = try FileHandle(forWritingTo: log)
      process.standardOutput = handle
      process.standardError = handle
    } else {
      process.standardOutput = FileHandle.nullDevice
      process.standardError = FileHandle.nullDevice
    }
    process.standardInput = FileHandle.nullDevice
    try process.run()
    return OncofaceProcess(process: process, log: log)
  }

  /// Runs `oncoface arguments…` to its end; returns the exit status and the output.
  static func run(_ arguments: [String], in folder: URL? = nil) throws
    -> (status: Int32, output: String)
  {
    let log = FileManager.default.temporaryDirectory
      .appendingPathComponent("oncoface-run-\(UUID().uuidString.prefix(8)).log")
    defer { try? FileManager.default.removeItem(at: log) }
    let run = try start(arguments, in: folder, log: log)
    run.process.waitUntilExit()
    return (run.process.terminationStatus, run.output)
  }

  var pid: Int32 { process.processIdentifier }

  /// Waits up to `seconds` for the process to end; true when it did.
  func waitForExit(seconds: Double) -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while process.isRunning {
      if Date() >= deadline { return false }
      usleep(2_000)
    }
    process.waitUntilExit()
    return true
  }

  /// Kills the process with SIGKILL (no handler runs, nothing is flushed) and reaps it.
  func kill() {
    _ = Glibc.kill(process.processIdentifier, SIGKILL)
    process.waitUntilExit()
  }

  /// True when the process ended by a signal rather than an exit.
  var wasKilled: Bool { process.terminationReason == .uncaughtSignal }

  /// What the process wrote to stdout and stderr, when a log file was given.
  var output: String {
    guard let log, let data = try? Data(contentsOf: log) else { return "" }
    return String(decoding: data, as: UTF8.self)
  }
}

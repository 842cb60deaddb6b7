import Foundation
import OncoTestSupport
import OncoWorkbench
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

  /// Skips (saying how to fix it) unless the release binary and dlib's pretrained model, which
  /// `oncoface train` needs, are there.
  static func requireTraining() throws {
    _ = try binary()
    do { _ = try PretrainedModel.dlibFace() } catch {
      throw XCTSkip("dlib's face ResNet is not in Assets/models: run `make deps` (\(error))")
    }
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
      _ = FileManager.default.createFile(atPath: log.path, contents: nil)
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

  /// Runs `oncoface arguments…` to its end and measures its peak resident memory: the kernel's
  /// `ru_maxrss` for exactly this child, from `wait4` (what `/usr/bin/time -v` reports). Paths in
  /// `arguments` should be absolute: the child runs in the current folder.
  static func runMeasured(_ arguments: [String]) throws
    -> (status: Int32, output: String, peakMB: Double)
  {
    let binary = try binary()
    let log = FileManager.default.temporaryDirectory
      .appendingPathComponent("oncoface-measured-\(UUID().uuidString.prefix(8)).log")
    defer { try? FileManager.default.removeItem(at: log) }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, log.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    posix_spawn_file_actions_adddup2(&actions, 1, 2)
    let argv = ([binary.path] + arguments).map { strdup($0) } + [nil]
    defer { for p in argv { free(p) } }
    var pid: pid_t = 0
    let spawned = posix_spawn(&pid, binary.path, &actions, nil, argv, environ)
    guard spawned == 0 else {
      throw XCTSkip("cannot start \(binary.path): \(String(cString: strerror(spawned)))")
    }
    var status: Int32 = 0
    var usage = rusage()
    while wait4(pid, &status, 0, &usage) < 0, errno == EINTR {}
    let output = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
    let exit = status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    return (exit, output, Double(usage.ru_maxrss) / 1024)
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

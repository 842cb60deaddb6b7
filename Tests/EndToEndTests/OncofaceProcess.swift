import Foundation
import OncoTestSupport
import OncoWorkbench
import XCTest

/// The release binary (`ReleaseBinary`) as a child process that a test can wait for with a
/// deadline, kill with SIGKILL, or measure.
///
///     let run = try OncofaceProcess.start(["train", "Demo", "--epochs", "3"], log: log)
///     if !run.waitForExit(seconds: 0.8) { run.kill() }   // as a crash or the OOM killer would
final class OncofaceProcess {
  let process: Process
  /// stdout and stderr go to this file.
  let log: URL

  /// Skips (saying how to fix it) unless the release binary and dlib's pretrained model, which
  /// `oncoface train` needs, are there.
  static func requireTraining() throws {
    _ = try ReleaseBinary.url()
    do { _ = try PretrainedModel.dlibFace() } catch {
      throw XCTSkip("dlib's face ResNet is not in Assets/models: run `make deps` (\(error))")
    }
  }

  /// A 40-face demo cohort (a prepared folder) in `folder`/demo: small enough that a training run
  /// takes seconds.
  static func smallDemo(in folder: URL) throws -> URL {
    let demo = folder.appendingPathComponent("demo")
    let made = try ReleaseBinary.run(["demo", "--out", demo.path, "--count", "40", "--seed", "3"])
    guard made.status == 0 else { throw XCTSkip("oncoface demo failed: \(made.stderr)") }
    return demo
  }

  private init(process: Process, log: URL) {
    self.process = process
    self.log = log
  }

  /// Starts `oncoface arguments…` in the background, its output going to `log`.
  static func start(_ arguments: [String], log: URL) throws -> OncofaceProcess {
    OncofaceProcess(process: try ReleaseBinary.start(arguments, log: log), log: log)
  }

  /// Runs `oncoface arguments…` to its end under GNU time and returns its peak resident memory
  /// (`%M`, the kernel's `ru_maxrss`). A direct child of the test would not do: through a
  /// vfork-style spawn it inherits the test process's own high-water mark.
  static func runMeasured(_ arguments: [String]) throws
    -> (status: Int32, output: String, peakMB: Double)
  {
    let time = URL(fileURLWithPath: "/usr/bin/time")
    guard FileManager.default.isExecutableFile(atPath: time.path) else {
      throw XCTSkip("/usr/bin/time is missing: `make deps` installs it (Debian package time)")
    }
    let folder = try TestPaths.temporaryDirectory("oncoface-measured")
    defer { try? FileManager.default.removeItem(at: folder) }
    let report = folder.appendingPathComponent("time.txt")
    let log = folder.appendingPathComponent("output.log")
    _ = FileManager.default.createFile(atPath: log.path, contents: nil)
    let handle = try FileHandle(forWritingTo: log)
    let measured = Process()
    measured.executableURL = time
    measured.arguments = ["-f", "%M", "-o", report.path, try ReleaseBinary.url().path] + arguments
    measured.standardOutput = handle
    measured.standardError = handle
    try measured.run()
    measured.waitUntilExit()
    let output = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
    let text = (try? String(contentsOf: report, encoding: .utf8)) ?? ""
    let kilobytes = text.split(separator: "\n").last.flatMap { Double($0) } ?? .nan
    return (measured.terminationStatus, output, kilobytes / 1024)
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

  /// What the process wrote to stdout and stderr so far.
  var output: String {
    (try? String(contentsOf: log, encoding: .utf8)) ?? ""
  }
}

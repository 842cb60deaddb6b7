import ArgumentParser
import Dispatch
import Foundation
import OncoTUI

/// `oncoface bench ui`: how long a screen switch takes from key press to the finished frame.
///
/// Starts `oncoface ui` on a pseudo-terminal, waits for its first frame, then presses the keys of
/// the screens in turn (2, 3, 4, 5, 6, 1, …) and times each from writing the key to reading the new
/// screen's window title, which the workbench writes (with `--bench-title`) right after the frame.
struct BenchUICommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "ui",
    abstract: "Key-to-screen latency of the workbench through a pseudo-terminal.",
    discussion: """
      Prints one JSON line: median, p95 and max milliseconds from a screen key to the end of the \
      new screen's frame. --load starts that many busy threads inside the workbench; --train \
      starts a real training run on the data set first (dlib-face, the whole network trained for \
      20 epochs, so the run keeps both cores busy) and measures while it runs, writing its \
      session into a temporary folder.

      Example:
        oncoface bench ui --iterations 60 --train
      """
  )

  @Option(help: "Screen switches to time.")
  var iterations = 60

  @Option(help: "Busy threads inside the workbench while it is measured (0: idle).")
  var load = 0

  @Option(help: ArgumentHelp("Terminal size.", valueName: "WxH"))
  var size = "100x30"

  @Option(
    help: ArgumentHelp("Passed to the workbench (default: as `oncoface ui`).", valueName: "path"))
  var data: String?

  @Option(help: ArgumentHelp("Passed to the workbench.", valueName: "dir"))
  var sessions: String = "Sessions"

  @Flag(help: "Measure while a training run goes (on --data, default <sessions>/demo-cohort).")
  var train = false

  func validate() throws {
    guard iterations > 0 else { throw ValidationError("--iterations must be at least 1") }
    guard load >= 0 else { throw ValidationError("--load cannot be negative") }
    guard parsedSize != nil else {
      throw ValidationError("--size \(size): expected WIDTHxHEIGHT, e.g. 100x30")
    }
  }

  private var parsedSize: Size? {
    let parts = size.lowercased().split(separator: "x").compactMap { Int($0) }
    guard parts.count == 2, parts[0] >= 60, parts[1] >= 16 else { return nil }
    return Size(width: parts[0], height: parts[1])
  }

  func run() throws {
    let binary = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL.path
    var arguments = [binary, "ui", "--bench-title", "--bench-load", String(load)]
    var scratch: URL?
    if train {
      // The run's session goes to a scratch folder; the data set stays where it is.
      let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
        "oncoface-bench-ui-\(getpid())")
      try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
      scratch = folder
      let dataSet =
        data ?? URL(fileURLWithPath: sessions).appendingPathComponent("demo-cohort").path
      guard FileManager.default.fileExists(atPath: dataSet) else {
        throw ValidationError(
          "--train needs a data set: \(dataSet) does not exist (run `oncoface` once to write "
            + "the demo cohort, or pass --data)")
      }
      arguments += ["--sessions", folder.path, "--data", dataSet]
    } else {
      arguments += ["--sessions", sessions]
      if let data { arguments += ["--data", data] }
    }
    defer { if let scratch { try? FileManager.default.removeItem(at: scratch) } }
    var environment = ProcessInfo.processInfo.environment
    environment["TERM"] = "xterm-256color"
    environment["LANG"] = "C.UTF-8"
    environment.removeValue(forKey: "NO_COLOR")
    let watcher = TitleWatcher()
    let tty = try PseudoTerminal(arguments: arguments, environment: environment, size: parsedSize!)
    tty.onOutput = { bytes, time in watcher.consume(bytes, at: time) }
    defer { tty.terminate() }

    let screens = ScreenID.allCases
    guard
      watcher.wait(for: title(of: .data), after: DispatchTime(uptimeNanoseconds: 0), timeout: 120)
        != nil
    else {
      throw BenchUIError.noFirstFrame
    }
    if train {
      tty.write(Array("2".utf8))
      _ = watcher.wait(
        for: title(of: .train), after: DispatchTime(uptimeNanoseconds: 0), timeout: 10)
      // Freeze: backbone → none, epochs 20: every epoch trains the whole network, so the run is
      // busy from the first batch to well past the measurement.
      tty.write(Array("jllj\r20\r".utf8))
      // The data set may still be loading: press s until the title names a running job.
      var running = false
      for _ in 0..<30 where !running {
        tty.write(Array("s".utf8))
        running =
          watcher.wait(for: title(of: .train) + " · epoch", after: .now(), timeout: 3) != nil
      }
      guard running else { throw BenchUIError.noTraining }
      tty.write(Array("1".utf8))
      _ = watcher.wait(for: title(of: .data), after: .now(), timeout: 10)
    }
    var latencies: [Double] = []
    for i in 0..<iterations {
      let target = screens[(i + 1) % screens.count]
      Thread.sleep(forTimeInterval: 0.03)  // let the previous frame settle, as a person would
      let sent = DispatchTime.now()
      tty.write(Array(String(target.key).utf8))
      guard let shown = watcher.wait(for: title(of: target), after: sent, timeout: 10) else {
        throw BenchUIError.noFrame(target.title)
      }
      latencies.append(Double(shown.uptimeNanoseconds - sent.uptimeNanoseconds) / 1e6)
    }
    if train && watcher.latestTitle.components(separatedBy: " · ").count < 3 {  // no job in the title
      throw BenchUIError.trainingEnded
    }
    tty.write(Array("q".utf8))
    if train {
      Thread.sleep(forTimeInterval: 0.3)
      tty.write(Array("y".utf8))  // stop the run and quit
    }
    _ = tty.waitForExit(timeout: train ? 60 : 3)

    let sorted = latencies.sorted()
    func percentile(_ p: Double) -> Double {
      sorted[min(sorted.count - 1, Int((Double(sorted.count - 1) * p).rounded()))]
    }
    var line = JSONLine()
    line["bench"] = "ui"
    line["iterations"] = .int(iterations)
    line["load_threads"] = .int(load)
    line["training"] = .bool(train)
    line["size"] = .string(size)
    line["median_ms"] = .double((percentile(0.5) * 100).rounded() / 100)
    line["p95_ms"] = .double((percentile(0.95) * 100).rounded() / 100)
    line["max_ms"] = .double((sorted.last! * 100).rounded() / 100)
    line["cores"] = .int(ProcessInfo.processInfo.activeProcessorCount)
    line.print()
  }

  private func title(of screen: ScreenID) -> String {
    var workbench = Workbench()
    workbench.select(screen)
    return workbench.title
  }
}

enum BenchUIError: Error, CustomStringConvertible {
  case noFirstFrame
  case noFrame(String)
  case noTraining
  case trainingEnded

  var description: String {
    switch self {
    case .noFirstFrame:
      "the workbench drew no first frame within 120 s (run `oncoface ui` to see why)"
    case .noFrame(let screen): "the \(screen) screen did not appear within 10 s of its key"
    case .noTraining:
      "no training epoch started within 90 s (run `oncoface ui`, press 2 and s to see why)"
    case .trainingEnded:
      "the training run ended before the measurement did: use a larger data set (--data)"
    }
  }
}

/// Finds the window titles (OSC 2) in the workbench's output and remembers when each arrived.
final class TitleWatcher: @unchecked Sendable {
  private let condition = NSCondition()
  private var pending: [UInt8] = []
  private var seen: [(title: String, time: DispatchTime)] = []

  func consume(_ bytes: [UInt8], at time: DispatchTime) {
    condition.lock()
    defer { condition.unlock() }
    pending += bytes
    // ESC ] 2 ; title BEL
    while let start = pending.firstIndex(of: 0x1B) {
      guard start + 3 < pending.count else { break }
      if pending[start + 1] == UInt8(ascii: "]"), pending[start + 2] == UInt8(ascii: "2"),
        pending[start + 3] == UInt8(ascii: ";")
      {
        guard let end = pending[(start + 4)...].firstIndex(of: 0x07) else { break }
        seen.append((String(decoding: pending[(start + 4)..<end], as: UTF8.self), time))
        pending.removeFirst(end + 1)
      } else {
        pending.removeFirst(start + 1)
      }
    }
    if pending.count > 1 << 16 { pending.removeFirst(pending.count - 64) }
    if pending.firstIndex(of: 0x1B) == nil { pending.removeAll() }
    condition.broadcast()
  }

  /// The last title the workbench wrote.
  var latestTitle: String {
    condition.lock()
    defer { condition.unlock() }
    return seen.last?.title ?? ""
  }

  /// The time a title starting with `title` was first seen after `after` (a running job adds
  /// " · epoch 2/5"), waiting up to `timeout` seconds.
  func wait(for title: String, after: DispatchTime, timeout: Double) -> DispatchTime? {
    let deadline = Date().addingTimeInterval(timeout)
    condition.lock()
    defer { condition.unlock() }
    while true {
      if let hit = seen.first(where: { $0.title.hasPrefix(title) && $0.time >= after }) {
        return hit.time
      }
      if !condition.wait(until: deadline) { return nil }
    }
  }
}

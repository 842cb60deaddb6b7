import Foundation

/// A progress bar on stderr with count, rate and ETA, safe to advance from many threads.
///
/// On a terminal it redraws one line in place at most ten times a second; when stderr is a file or a
/// pipe (a batch job's log) it prints a plain line every few seconds instead, so logs stay readable.
///
///     let bar = ProgressBar(label: "prepare", total: 1200, unit: "photos")
///     for … { …; bar.advance() }
///     bar.finish()   // prepare 1200/1200 [██████████] 100%  52.1 photos/s  0:23
final class ProgressBar: @unchecked Sendable {
  private let label: String
  private let unit: String
  private let isTerminal = isatty(STDERR_FILENO) == 1
  private let start = Date()
  private let lock = NSLock()
  private var total: Int
  private var done = 0
  private var note = ""
  private var lastDraw = Date.distantPast
  private var finished = false

  init(label: String, total: Int, unit: String = "items") {
    self.label = label
    self.total = max(total, 0)
    self.unit = unit
  }

  /// Counts `count` more items done; `note` (e.g. the current file) is shown after the figures.
  func advance(by count: Int = 1, note: String? = nil) {
    lock.lock()
    defer { lock.unlock() }
    done += count
    if let note { self.note = note }
    drawIfDue()
  }

  /// Sets the absolute count (for work that reports its own position).
  func update(done: Int, total: Int? = nil, note: String? = nil) {
    lock.lock()
    defer { lock.unlock() }
    self.done = done
    if let total { self.total = total }
    if let note { self.note = note }
    drawIfDue()
  }

  /// Draws the final state and ends the line.
  func finish() {
    lock.lock()
    defer { lock.unlock() }
    guard !finished else { return }
    finished = true
    write(line(), final: true)
  }

  private func drawIfDue() {
    let now = Date()
    let interval = isTerminal ? 0.1 : 5.0
    guard now.timeIntervalSince(lastDraw) >= interval else { return }
    lastDraw = now
    write(line(), final: false)
  }

  private func write(_ text: String, final: Bool) {
    let out = isTerminal ? "\r\u{1B}[K" + text + (final ? "\n" : "") : text + "\n"
    FileHandle.standardError.write(Data(out.utf8))
  }

  private func line() -> String {
    let elapsed = Date().timeIntervalSince(start)
    let rate = elapsed > 0 ? Double(done) / elapsed : 0
    let fraction = total > 0 ? min(1, Double(done) / Double(total)) : 0
    var parts = [
      "\(label) \(done)/\(total)", ProgressBar.bar(fraction, width: 24),
      String(format: "%3.0f%%", fraction * 100),
      String(format: "%.1f %@/s", rate, unit),
    ]
    if done < total, rate > 0 {
      parts.append("ETA " + ProgressBar.clock(Double(total - done) / rate))
    } else {
      parts.append(ProgressBar.clock(elapsed))
    }
    if !note.isEmpty { parts.append(note) }
    return parts.joined(separator: "  ")
  }

  /// A bar of `width` cells with eighth-block resolution (ASCII `#` when the locale is not UTF-8).
  static func bar(_ fraction: Double, width: Int) -> String {
    let utf8 =
      (ProcessInfo.processInfo.environment["LC_ALL"]
      ?? ProcessInfo.processInfo.environment["LC_CTYPE"]
      ?? ProcessInfo.processInfo.environment["LANG"] ?? "").uppercased().contains("UTF")
    let eighths = Int((fraction * Double(width * 8)).rounded(.down))
    if !utf8 {
      let full = eighths / 8
      return "[" + String(repeating: "#", count: full) + String(repeating: ".", count: width - full)
        + "]"
    }
    let partials = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]
    let full = eighths / 8
    var s = String(repeating: "█", count: full)
    if full < width {
      s += partials[eighths % 8]
      s += String(repeating: " ", count: width - full - (eighths % 8 == 0 ? 0 : 1))
    }
    return "[" + s + "]"
  }

  /// Seconds as m:ss or h:mm:ss.
  static func clock(_ seconds: Double) -> String {
    let s = Int(seconds.rounded())
    return s >= 3600
      ? String(format: "%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60)
      : String(format: "%d:%02d", s / 60, s % 60)
  }
}

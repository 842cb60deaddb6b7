import Foundation
import OncoTestSupport
import XCTest

/// The workbench running in a real terminal: the release binary in a detached tmux session of a
/// given size, driven with keys and read back as a person would see it (`capture-pane -p`).
///
///     let tui = try TUISession(width: 100, height: 30)
///     try tui.waitFor("No data set open")
///     tui.press("2")
///     try tui.waitFor("┌ Run")
///     tui.press("q")
///     XCTAssertEqual(try tui.waitForExit(), 0)
///
/// Each session has its own tmux server (`-L`), so tests can run side by side and nothing is left
/// behind: `close()` (also on deinit) kills the server. The environment is only what is given
/// (plus PATH and HOME), so the test machine's NO_COLOR or COLORTERM cannot leak in.
final class TUISession {
  let socket: String
  let binary: URL
  /// The sessions folder the workbench writes to (a fresh temporary folder unless given).
  let sessions: URL
  private(set) var closed = false

  /// Starts `oncoface ARGUMENTS` at `width`×`height` with TERM, LANG and any extra variables.
  ///
  /// Without `arguments` it opens the shared small demo cohort (`demoCohort()`) with a fresh
  /// sessions folder, so nothing is written into the repository.
  init(
    width: Int = 100, height: Int = 30, arguments: [String]? = nil, term: String = "xterm-256color",
    lang: String = "C.UTF-8", environment: [String: String] = [:]
  ) throws {
    guard let binary = TestPaths.releaseBinary else {
      throw XCTSkip("no release binary: build it with `swift build -c release` (make test does)")
    }
    guard TUISession.tmuxPath != nil else {
      throw XCTSkip("tmux is not installed (make deps installs it)")
    }
    self.binary = binary
    sessions = try TestPaths.temporaryDirectory("oncoface-tui-sessions")
    let arguments =
      try arguments ?? ["--data", TUISession.demoCohort().path, "--sessions", sessions.path]
    socket = "oncoface-e2e-\(getpid())-\(UUID().uuidString.prefix(8))"
    var variables = [
      "PATH": "/usr/bin:/bin", "HOME": NSTemporaryDirectory(), "TERM": term, "LANG": lang,
    ]
    variables.merge(environment) { $1 }
    let command =
      ["env", "-i"] + variables.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
      + [binary.path] + arguments
    // remain-on-exit keeps the pane after the program ends, so its exit status can be read.
    try tmux(
      [
        "new-session", "-d", "-s", "tui", "-x", String(width), "-y", String(height),
        command.map(TUISession.quote).joined(separator: " "),
        ";", "set-option", "-t", "tui", "remain-on-exit", "on",
      ], output: false)
  }

  deinit { close() }

  /// A session on the shared demo cohort, once its first face is on screen.
  static func onDemo(
    width: Int = 100, height: Int = 30, term: String = "xterm-256color", lang: String = "C.UTF-8",
    environment: [String: String] = [:], file: StaticString = #filePath,
    line: UInt = #line
  ) throws -> TUISession {
    let tui = try TUISession(
      width: width, height: height, term: term, lang: lang, environment: environment)
    try tui.waitFor(
      lang.uppercased().contains("UTF") ? "Face · demo0001" : "Face . demo0001", file: file,
      line: line)
    return tui
  }

  /// Sends keys: each argument is a tmux key name (`Enter`, `Escape`, `Tab`, `BTab`, `Up`, `C-c`) or
  /// a single character.
  func press(_ keys: String...) {
    for key in keys { _ = try? tmux(["send-keys", "-t", "tui", key]) }
  }

  /// Types text literally (no key-name lookup).
  func type(_ text: String) {
    _ = try? tmux(["send-keys", "-t", "tui", "-l", text])
  }

  /// What the terminal shows now, one line per row.
  func screen() -> String {
    (try? tmux(["capture-pane", "-p", "-t", "tui"])) ?? ""
  }

  /// The screen with colours and attributes as SGR escape sequences (`capture-pane -e`).
  func screenWithAttributes() -> String {
    (try? tmux(["capture-pane", "-e", "-p", "-t", "tui"])) ?? ""
  }

  /// Waits until the screen contains `text`; returns the screen. Fails with the last screen.
  @discardableResult
  func waitFor(
    _ text: String, timeout: TimeInterval = 15, file: StaticString = #filePath,
    line: UInt = #line
  ) throws -> String {
    try waitUntil("“\(text)” on screen", timeout: timeout, file: file, line: line) {
      $0.contains(text)
    }
  }

  /// Waits until the screen no longer contains `text`.
  @discardableResult
  func waitForAbsence(
    _ text: String, timeout: TimeInterval = 15, file: StaticString = #filePath,
    line: UInt = #line
  ) throws -> String {
    try waitUntil("“\(text)” gone", timeout: timeout, file: file, line: line) { !$0.contains(text) }
  }

  /// Polls the screen until `condition` holds on a settled screen.
  ///
  /// tmux can be read in the middle of a frame (the top drawn, the rest not yet), so a screen is
  /// returned once two captures 30 ms apart agree, or once the condition has held for 0.3 s on a
  /// screen that keeps changing (a progress line).
  @discardableResult
  func waitUntil(
    _ what: String, timeout: TimeInterval = 15, file: StaticString = #filePath, line: UInt = #line,
    _ condition: (String) -> Bool
  ) throws -> String {
    let deadline = Date().addingTimeInterval(timeout)
    var last = ""
    var holdingSince: Date?
    repeat {
      let now = screen()
      if condition(now) {
        let since = holdingSince ?? Date()
        if now == last || Date().timeIntervalSince(since) > 0.3 { return now }
        holdingSince = since
        last = now
        Thread.sleep(forTimeInterval: 0.03)
        continue
      }
      holdingSince = nil
      last = now
      Thread.sleep(forTimeInterval: 0.05)
    } while Date() < deadline
    XCTFail(
      "timed out after \(timeout) s waiting for \(what); the screen was:\n\(last)", file: file,
      line: line)
    throw TUISessionError.timeout(what)
  }

  /// Resizes the terminal (the program gets SIGWINCH).
  func resize(width: Int, height: Int) {
    _ = try? tmux(["resize-window", "-t", "tui", "-x", String(width), "-y", String(height)])
  }

  /// The exit status once the program has ended, or nil while it runs.
  ///
  /// tmux marks the pane dead when the terminal closes; it records the status when it reaps the
  /// process, which tmux 3.3 sometimes leaves undone (the process stays a zombie). Then the status
  /// is read from the zombie itself (/proc/PID/stat, field 52: the wait status).
  func exitStatus() -> Int32? {
    guard
      let out = try? tmux([
        "display-message", "-p", "-t", "tui", "#{pane_dead}:#{pane_dead_status}:#{pane_pid}",
      ])
    else { return nil }
    let parts = out.trimmingCharacters(in: .whitespacesAndNewlines).split(
      separator: ":", omittingEmptySubsequences: false)
    guard parts.count == 3, parts[0] == "1" else { return nil }
    if let status = Int32(parts[1]) { return status }
    guard let pid = Int32(parts[2]),
      let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
      let close = stat.lastIndex(of: ")")
    else { return nil }
    let fields = stat[stat.index(after: close)...].split(whereSeparator: \.isWhitespace)
    guard fields.first == "Z", fields.count >= 50, let wait = Int32(fields[49]) else { return nil }
    return (wait & 0x7F) == 0 ? (wait >> 8) & 0xFF : 128 + (wait & 0x7F)
  }

  /// Waits for the program to end and returns its exit status.
  func waitForExit(timeout: TimeInterval = 10, file: StaticString = #filePath, line: UInt = #line)
    throws -> Int32
  {
    let deadline = Date().addingTimeInterval(timeout)
    repeat {
      if let status = exitStatus() { return status }
      Thread.sleep(forTimeInterval: 0.05)
    } while Date() < deadline
    let pane =
      (try? tmux([
        "display-message", "-p", "-t", "tui",
        "dead #{pane_dead} status #{pane_dead_status} pid #{pane_pid}",
      ])) ?? "?"
    let state =
      pid().flatMap { try? String(contentsOfFile: "/proc/\($0)/stat", encoding: .utf8) } ?? "gone"
    XCTFail(
      "the workbench did not exit within \(timeout) s (\(pane.trimmingCharacters(in: .newlines)); "
        + "/proc stat: \(state.prefix(60))); the screen was:\n\(screen())", file: file, line: line)
    throw TUISessionError.timeout("exit")
  }

  /// Presses q and checks that the workbench ends with status 0.
  func quit(file: StaticString = #filePath, line: UInt = #line) throws {
    press("q")
    XCTAssertEqual(
      try waitForExit(file: file, line: line), 0, "q should end the workbench cleanly",
      file: file, line: line)
  }

  /// The process id of the program in the pane.
  func pid() -> pid_t? {
    (try? tmux(["display-message", "-p", "-t", "tui", "#{pane_pid}"]))
      .flatMap { pid_t($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
  }

  /// Ends the tmux server (and with it the terminal, which sends the program SIGHUP).
  func close() {
    guard !closed else { return }
    closed = true
    _ = try? tmux(["kill-server"])
    // tmux 3.3 leaves the socket file behind after kill-server.
    let folder = ProcessInfo.processInfo.environment["TMUX_TMPDIR"] ?? "/tmp"
    unlink("\(folder)/tmux-\(getuid())/\(socket)")
    try? FileManager.default.removeItem(at: sessions)
  }

  /// Runs a tmux command and returns its output. `output: false` for the command that starts the
  /// server, which inherits the client's descriptors and would hold a pipe open for its lifetime.
  ///
  /// Spawned with posix_spawn rather than Foundation's Process: Process notices a child's end
  /// through a descriptor the child inherits, and the daemonised tmux server keeps that open, so
  /// Process would wait forever for `tmux new-session`.
  @discardableResult
  private func tmux(_ arguments: [String], output wantsOutput: Bool = true) throws -> String {
    let argv =
      [TUISession.tmuxPath ?? "/usr/bin/tmux", "-u", "-L", socket, "-f", "/dev/null"] + arguments
    var environment = ProcessInfo.processInfo.environment
    environment["LANG"] = "C.UTF-8"  // tmux itself must read and print UTF-8
    environment.removeValue(forKey: "TMUX")
    let (status, text) = try Spawn.run(argv, environment: environment, captureOutput: wantsOutput)
    guard status == 0 else { throw TUISessionError.tmuxFailed(arguments.first ?? "") }
    return text
  }

  /// A demo cohort of 120 faces, written once per test run by the release binary.
  static func demoCohort() throws -> URL {
    try DemoFixture.shared.folder()
  }

  static let tmuxPath: String? = ["/usr/bin/tmux", "/usr/local/bin/tmux", "/bin/tmux"]
    .first { FileManager.default.isExecutableFile(atPath: $0) }

  /// Quotes a word for the shell tmux runs the command with.
  static func quote(_ word: String) -> String {
    guard word.contains(where: { !$0.isLetter && !$0.isNumber && !"-_./=:,".contains($0) }) else {
      return word
    }
    return "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
  }
}

enum TUISessionError: Error {
  case timeout(String)
  case tmuxFailed(String)
  case demoFailed(Int32)
}

/// The shared demo cohort of the TUI tests (`oncoface demo --count 120`), made once per test run
/// in the temporary folder (the tests only read it).
private final class DemoFixture: @unchecked Sendable {
  static let shared = DemoFixture()
  private let lock = NSLock()
  private var made: URL?

  func folder() throws -> URL {
    lock.lock()
    defer { lock.unlock() }
    if let made { return made }
    guard let binary = TestPaths.releaseBinary else { throw XCTSkip("no release binary") }
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("oncoface-tui-demo-120-\(getuid())/demo-cohort")
    // Written afresh by each test run (about a second): a folder kept from an earlier build
    // would show an older renderer's faces.
    try? FileManager.default.removeItem(at: folder)
    let (status, _) = try Spawn.run(
      [binary.path, "demo", "--out", folder.path, "--count", "120"],
      environment: ProcessInfo.processInfo.environment, captureOutput: false)
    guard status == 0 else { throw TUISessionError.demoFailed(status) }
    made = folder
    return folder
  }
}

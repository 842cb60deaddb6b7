import CNcursesW
import Foundation

/// A program running on a new pseudo-terminal: what `oncoface bench ui` drives the workbench with.
///
/// The child is a session leader with the terminal as its controlling terminal (so it gets SIGWINCH
/// and SIGHUP like in a real terminal). Everything it writes is collected by a reader thread and
/// handed to `onOutput` as it arrives.
///
///     let tty = try PseudoTerminal(arguments: [binary, "ui"], environment: env, size: Size(width: 100, height: 30))
///     tty.onOutput = { bytes, time in … }
///     tty.write(Array("2".utf8))
///     tty.terminate()
public final class PseudoTerminal: @unchecked Sendable {
  public let pid: pid_t
  private let master: Int32
  private let lock = NSLock()
  private var handler: (@Sendable ([UInt8], DispatchTime) -> Void)?
  private var reaped: Int32?

  public enum Failure: Error, CustomStringConvertible {
    case openpt(Int32)
    case spawn(String, Int32)

    public var description: String {
      switch self {
      case .openpt(let code): "cannot open a pseudo-terminal (\(String(cString: strerror(code))))"
      case .spawn(let program, let code):
        "cannot start \(program) (\(String(cString: strerror(code))))"
      }
    }
  }

  /// Starts `arguments` (the first is the program's path) on a new terminal of `size`.
  public init(arguments: [String], environment: [String: String], size: Size) throws {
    var name = [CChar](repeating: 0, count: 128)
    let master = oc_open_pty(&name, name.count)
    guard master >= 0 else { throw Failure.openpt(errno) }
    _ = oc_set_window_size(master, Int32(size.height), Int32(size.width))

    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    // A new session: the terminal opened next becomes its controlling terminal.
    posix_spawnattr_setflags(&attributes, oc_spawn_setsid())
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, name, O_RDWR, 0)
    posix_spawn_file_actions_adddup2(&actions, 0, 1)
    posix_spawn_file_actions_adddup2(&actions, 0, 2)
    let cArgs = arguments.map { strdup($0) } + [nil]
    let cEnv = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer { (cArgs + cEnv).forEach { free($0) } }
    var pid: pid_t = 0
    let code = posix_spawn(&pid, arguments[0], &actions, &attributes, cArgs, cEnv)
    guard code == 0 else {
      close(master)
      throw Failure.spawn(arguments[0], code)
    }
    self.pid = pid
    self.master = master
    Thread.detachNewThread { [self] in readLoop() }
  }

  deinit { close(master) }

  /// Receives every chunk of output with the time it was read (on the reader thread).
  public var onOutput: (@Sendable ([UInt8], DispatchTime) -> Void)? {
    get { lock.withLock { handler } }
    set { lock.withLock { handler = newValue } }
  }

  /// Types bytes into the terminal.
  public func write(_ bytes: [UInt8]) {
    var offset = 0
    while offset < bytes.count {
      let n = bytes[offset...].withUnsafeBytes {
        Foundation.write(master, $0.baseAddress, $0.count)
      }
      if n < 0 && errno == EINTR { continue }
      if n <= 0 { return }
      offset += n
    }
  }

  /// Changes the terminal's size (the child gets SIGWINCH).
  public func resize(_ size: Size) {
    _ = oc_set_window_size(master, Int32(size.height), Int32(size.width))
  }

  /// Waits up to `timeout` seconds for the child to end; returns its exit status, nil if it runs on.
  public func waitForExit(timeout: Double) -> Int32? {
    let deadline = Date().addingTimeInterval(timeout)
    repeat {
      if let status = lock.withLock({ reaped }) { return status }
      var status: Int32 = 0
      let result = waitpid(pid, &status, WNOHANG)
      if result == pid {
        let code = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        lock.withLock { reaped = code }
        return code
      }
      usleep(10_000)
    } while Date() < deadline
    return nil
  }

  /// Ends the child: SIGTERM, then SIGKILL if it has not gone within a second.
  public func terminate() {
    guard lock.withLock({ reaped }) == nil else { return }
    kill(pid, SIGTERM)
    if waitForExit(timeout: 1) == nil {
      kill(pid, SIGKILL)
      _ = waitForExit(timeout: 1)
    }
  }

  private func readLoop() {
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
      let n = buffer.withUnsafeMutableBytes { read(master, $0.baseAddress, $0.count) }
      if n < 0 && errno == EINTR { continue }
      if n <= 0 { return }  // EIO once the child has closed the terminal
      let now = DispatchTime.now()
      onOutput?(Array(buffer[0..<n]), now)
    }
  }
}

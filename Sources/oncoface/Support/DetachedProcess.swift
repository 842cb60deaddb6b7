import Foundation

/// Starts a program that outlives the workbench and its terminal: a new session (setsid, so no
/// controlling terminal and no SIGHUP when the terminal closes), stdin from /dev/null, stdout and
/// stderr appended to a log file, SIGHUP ignored, the other signals the workbench ignores back to
/// their defaults, and no descriptor of the workbench inherited.
///
///     let pid = try DetachedProcess.start([binary, "resume", session.path], log: session/headless.log)
enum DetachedProcess {
  struct Failure: Error, CustomStringConvertible {
    let program: String
    let reason: String
    var description: String { "cannot start \(program): \(reason)" }
  }

  /// Starts `argv` (argv[0] is the program's path) and returns its process id.
  static func start(_ argv: [String], log: URL) throws -> pid_t {
    let failure = { (code: Int32) in
      Failure(program: argv[0], reason: String(cString: strerror(code)))
    }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, log.path, O_WRONLY | O_CREAT | O_APPEND, 0o644)
    posix_spawn_file_actions_adddup2(&actions, 1, 2)
    // Every other descriptor is closed in the child (glibc ignores a close of one that has gone).
    let open =
      (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd"))?.compactMap {
        Int32($0)
      } ?? []
    for fd in open where fd > 2 { posix_spawn_file_actions_addclose(&actions, fd) }

    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var defaults = sigset_t()
    sigemptyset(&defaults)
    for signal in [SIGINT, SIGTERM, SIGPIPE, SIGWINCH] { sigaddset(&defaults, signal) }
    posix_spawnattr_setsigdefault(&attributes, &defaults)
    var unblocked = sigset_t()
    sigemptyset(&unblocked)
    posix_spawnattr_setsigmask(&attributes, &unblocked)
    posix_spawnattr_setflags(
      &attributes, Int16(DetachedProcess.setsid | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
    // SIGHUP stays ignored (the workbench ignores it, and an ignored signal stays so across exec).
    signal(SIGHUP, SIG_IGN)

    let cArgs = argv.map { strdup($0) } + [nil]
    let cEnv = ProcessInfo.processInfo.environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer { (cArgs + cEnv).forEach { free($0) } }
    var pid: pid_t = 0
    let code = posix_spawn(&pid, argv[0], &actions, &attributes, cArgs, cEnv)
    guard code == 0 else { throw failure(code) }
    return pid
  }

  /// glibc's POSIX_SPAWN_SETSID (spawn.h, only visible to C with _GNU_SOURCE): the child calls
  /// setsid().
  static let setsid: Int32 = 0x80

  /// This program's own executable (for starting another of its commands).
  static var currentExecutable: String {
    (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
      ?? URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL.path
  }
}

import Foundation

/// Runs a program with posix_spawn and waits for it, reading its stdout when asked.
enum Spawn {
  struct Failure: Error, CustomStringConvertible {
    let program: String
    let code: Int32
    var description: String { "cannot start \(program) (error \(code))" }
  }

  /// Runs `argv` (argv[0] is the program's path); returns its exit status and, if `captureOutput`,
  /// its stdout. stdin and stderr are /dev/null.
  static func run(_ argv: [String], environment: [String: String], captureOutput: Bool) throws -> (
    Int32, String
  ) {
    var fds: [Int32] = [-1, -1]
    if captureOutput { guard pipe(&fds) == 0 else { throw Failure(program: argv[0], code: errno) } }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    if captureOutput {
      posix_spawn_file_actions_adddup2(&actions, fds[1], 1)
      posix_spawn_file_actions_addclose(&actions, fds[0])
      posix_spawn_file_actions_addclose(&actions, fds[1])
    } else {
      posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
    }
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
    let cArgs = argv.map { strdup($0) } + [nil]
    let cEnv = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer { (cArgs + cEnv).forEach { free($0) } }
    var pid: pid_t = 0
    let code = posix_spawn(&pid, argv[0], &actions, nil, cArgs, cEnv)
    if captureOutput { close(fds[1]) }
    guard code == 0 else {
      if captureOutput { close(fds[0]) }
      throw Failure(program: argv[0], code: code)
    }
    var output = Data()
    if captureOutput {
      var buffer = [UInt8](repeating: 0, count: 65536)
      while true {
        let n = read(fds[0], &buffer, buffer.count)
        if n < 0 && errno == EINTR { continue }
        if n <= 0 { break }
        output.append(contentsOf: buffer[0..<n])
      }
      close(fds[0])
    }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    let exitCode = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
    return (exitCode, String(decoding: output, as: UTF8.self))
  }
}

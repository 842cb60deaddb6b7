/// Why a session could not be created, read or continued. Messages name the file and the fix.
public enum SessionError: Error, CustomStringConvertible, Sendable, Equatable {
  /// The folder has no session.json.
  case notASession(path: String)
  /// session.json (or another session file) exists but cannot be understood.
  case damaged(path: String, reason: String)
  /// session.json was written by a newer OncoFace.
  case newerFormat(path: String, found: Int, supported: Int)
  /// The session's checkpoint is missing or unreadable, so the run cannot continue.
  case cannotResume(path: String, reason: String)
  /// Another live process is writing the session.
  case inUse(path: String, pid: Int32)
  /// Writing or reading a file failed (read-only folder, full disk…).
  case file(FileError)

  public var description: String {
    switch self {
    case .notASession(let path):
      return
        "\(path): not a session folder (no session.json); list sessions with `oncoface sessions`"
    case .damaged(let path, let reason):
      return
        "\(path): damaged session file (\(reason)); the other files of the session are untouched"
    case .newerFormat(let path, let found, let supported):
      return "\(path): session format \(found) is newer than this OncoFace reads (\(supported)); "
        + "update OncoFace"
    case .cannotResume(let path, let reason):
      return "\(path): cannot resume (\(reason)); start a new run with `oncoface train`"
    case .inUse(let path, let pid):
      return "\(path): process \(pid) is still training this session; stop it first (Ctrl-C there)"
    case .file(let error): return error.description
    }
  }
}

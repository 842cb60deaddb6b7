import Foundation

/// Why a session file could not be written or read. Messages name the file and the fix.
public enum FileError: Error, CustomStringConvertible, Equatable, Sendable {
  /// The folder is on a read-only file system or the process may not write there.
  case readOnly(path: String)
  /// The disk (or quota) is full; `needed` is set when a free-space check refused the write up
  /// front.
  case diskFull(path: String, needed: Int64?, available: Int64?)
  /// Any other failure of the operating system, with its message.
  case io(path: String, operation: String, reason: String)

  /// Maps an `errno` value of a failed system call on `path` to the error a user can act on.
  static func from(errno code: Int32, path: String, operation: String) -> FileError {
    switch code {
    case EROFS, EACCES, EPERM: return .readOnly(path: path)
    case ENOSPC, EDQUOT: return .diskFull(path: path, needed: nil, available: nil)
    default: return .io(path: path, operation: operation, reason: String(cString: strerror(code)))
    }
  }

  public var description: String {
    switch self {
    case .readOnly(let path):
      return "\(path): cannot write here (read-only or no permission); "
        + "choose another folder with --sessions DIR or fix its permissions"
    case .diskFull(let path, let needed, let available):
      var text = "\(path): the disk is full"
      if let needed, let available {
        text +=
          " (\(FileError.megabytes(available)) free, about \(FileError.megabytes(needed)) needed)"
      }
      return text + "; free some space or choose another folder with --sessions DIR"
    case .io(let path, let operation, let reason):
      return "\(path): cannot \(operation) (\(reason))"
    }
  }

  static func megabytes(_ bytes: Int64) -> String {
    String(format: "%.1f MB", Double(bytes) / 1_048_576)
  }
}

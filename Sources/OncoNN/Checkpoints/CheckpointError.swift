/// Errors reading or writing checkpoint and model files; each names the file.
public enum CheckpointError: Error, CustomStringConvertible, Equatable {
  case unreadable(String, reason: String)
  case unwritable(String, reason: String)
  case malformed(String, reason: String)
  case mismatch(String, reason: String)

  public var description: String {
    switch self {
    case let .unreadable(path, reason):
      return "\(path): cannot be read (\(reason)); check that the file exists and is readable"
    case let .unwritable(path, reason):
      return "\(path): cannot be written (\(reason)); check the folder's permissions and free space"
    case let .malformed(path, reason):
      return "\(path): not a valid file: \(reason); the file is damaged or of another kind"
    case let .mismatch(path, reason):
      return "\(path): does not fit this network: \(reason)"
    }
  }
}

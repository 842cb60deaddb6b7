/// Why the demo cohort could not be made.
public enum DemoCohortError: Error, CustomStringConvertible, Equatable {
  /// An option is out of range; the message names it and the range.
  case badOption(String)
  /// A file or folder could not be written.
  case unwritable(path: String, reason: String)

  public var description: String {
    switch self {
    case .badOption(let message):
      return "demo: \(message)."
    case .unwritable(let path, let reason):
      return
        "demo: cannot write \(path) (\(reason)); check that the folder is writable and the disk "
        + "has space, then run again (finished faces are simply rewritten)."
    }
  }
}

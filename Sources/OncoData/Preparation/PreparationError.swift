/// Why a preparation run ended without writing its tables.
public enum PreparationError: Error, CustomStringConvertible, Equatable {
  /// The caller asked the run to stop; the finished photos are in the cache.
  case stopped(done: Int, total: Int)

  public var description: String {
    switch self {
    case .stopped(let done, let total):
      return "preparation stopped after \(done) of \(total) photos; run it again to finish "
        + "(finished photos are reused)"
    }
  }
}

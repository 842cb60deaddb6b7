import Foundation

/// A stop flag a preparation checks before each photo.
final class PreparationStop: @unchecked Sendable {
  private let lock = NSLock()
  private var stopped = false
  var isStopped: Bool { lock.withLock { stopped } }
  func stop() { lock.withLock { stopped = true } }
}

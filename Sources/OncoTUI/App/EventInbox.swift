import Foundation

/// Changes posted from background queues (training progress, loaded images), collected under a
/// lock and applied on the main queue in one go, so a burst of events costs one redraw.
final class EventInbox<State>: @unchecked Sendable {
  typealias Update = @Sendable (inout State) -> Void

  private let lock = NSLock()
  private var pending: [Update] = []
  private var drainScheduled = false

  /// Adds an update; returns true when the caller must schedule a drain on the main queue (the
  /// first update since the last drain).
  func add(_ update: @escaping Update) -> Bool {
    lock.lock()
    defer { lock.unlock() }
    pending.append(update)
    if drainScheduled { return false }
    drainScheduled = true
    return true
  }

  /// Takes every pending update, oldest first.
  func takeAll() -> [Update] {
    lock.lock()
    defer { lock.unlock() }
    let updates = pending
    pending = []
    drainScheduled = false
    return updates
  }
}

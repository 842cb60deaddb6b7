import Foundation

/// Lets through at most one call per `interval` seconds (progress reports from many threads).
final class Throttle: @unchecked Sendable {
  private let lock = NSLock()
  private let interval: Double
  private var last = Date.distantPast

  init(interval: Double) { self.interval = interval }

  func ready() -> Bool {
    lock.withLock {
      let now = Date()
      guard now.timeIntervalSince(last) >= interval else { return false }
      last = now
      return true
    }
  }
}

import CBLAS
import Dispatch
import Foundation
import Synchronization

/// Engine-wide settings: how many threads the engine's work uses.
///
/// `oncoface … --threads N` sets `Engine.threads = N` once at start-up. Every layer splits its work
/// into that many fixed parts and runs them with Dispatch; each part calls OpenBLAS
/// single-threaded. The split never depends on timing, so results are identical from run to run for
/// a given thread count (and `threads = 1` gives the reference order of every sum).
public enum Engine {
  private static let threadCount = Atomic<Int>(1)

  /// Threads used by the engine (1 or more; default 1).
  public static var threads: Int {
    get { threadCount.load(ordering: .relaxed) }
    set {
      let n = max(1, newValue)
      threadCount.store(n, ordering: .relaxed)
      openblas_set_num_threads(1)
    }
  }

  /// Cores the operating system reports; a sensible default for `threads`.
  public static var availableCores: Int { ProcessInfo.processInfo.activeProcessorCount }

  /// Makes OpenBLAS single-threaded (the engine parallelises around it). Idempotent.
  static let configureBLAS: Void = { openblas_set_num_threads(1) }()

  /// Runs `body(part)` for `part` in `0..<parts`, concurrently when `parts > 1`.
  @inline(__always)
  static func parallel(_ parts: Int, _ body: (Int) -> Void) {
    if parts <= 1 {
      body(0)
    } else {
      // The parts touch disjoint memory by construction; Dispatch only needs to call them.
      withoutActuallyEscaping(body) { body in
        let task = UncheckedSendable(body)
        DispatchQueue.concurrentPerform(iterations: parts) { task.value($0) }
      }
    }
  }

  /// Splits `0..<count` into at most `threads` contiguous ranges and runs them concurrently.
  /// `minimumPerPart` keeps small jobs on one thread.
  @inline(__always)
  static func parallelRanges(
    _ count: Int, minimumPerPart: Int = 1, _ body: (Range<Int>, Int) -> Void
  ) {
    guard count > 0 else { return }
    let parts = max(1, min(threads, count / max(1, minimumPerPart)))
    if parts == 1 {
      body(0..<count, 0)
      return
    }
    parallel(parts) { p in
      let lo = count * p / parts
      let hi = count * (p + 1) / parts
      if lo < hi { body(lo..<hi, p) }
    }
  }
}

/// Hands a value to Dispatch when the engine guarantees the concurrent uses are disjoint.
struct UncheckedSendable<Value>: @unchecked Sendable {
  let value: Value
  init(_ value: Value) { self.value = value }
}

import Dispatch
import Foundation

/// Time spent per kind of layer, forward and backward, for finding where a step goes.
///
/// Records wall time and process CPU time (all threads): on a machine shared with other work the
/// CPU time stays meaningful when the wall time does not.
///
///     let profiler = LayerProfiler()
///     net.profiler = profiler
///     … run steps …
///     print(profiler.report())
public final class LayerProfiler: @unchecked Sendable {
  struct Entry {
    var wall = 0.0
    var cpu = 0.0
    var calls = 0
  }
  private var entries: [String: Entry] = [:]

  public init() {}

  /// A start mark: (wall ns, CPU ns).
  static func now() -> (UInt64, UInt64) {
    var ts = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
    return (
      DispatchTime.now().uptimeNanoseconds, UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    )
  }

  func record(_ key: String, since start: (UInt64, UInt64)) {
    let end = LayerProfiler.now()
    var e = entries[key, default: Entry()]
    e.wall += Double(end.0 - start.0) / 1e9
    e.cpu += Double(end.1 &- start.1) / 1e9
    e.calls += 1
    entries[key] = e
  }

  /// Total wall seconds recorded.
  public var totalSeconds: Double { entries.values.reduce(0) { $0 + $1.wall } }

  /// One line per layer kind and direction, most CPU time first.
  public func report() -> String {
    let cpuTotal = max(entries.values.reduce(0) { $0 + $1.cpu }, 1e-12)
    func pad(_ s: String, _ n: Int) -> String {
      s.count >= n ? s : s + String(repeating: " ", count: n - s.count)
    }
    var lines = [pad("layer", 44) + "   wall s    CPU s  CPU share  calls"]
    for (key, e) in entries.sorted(by: { $0.value.cpu > $1.value.cpu }) {
      lines.append(
        pad(key, 44)
          + String(
            format: " %8.4f %8.4f %9.1f%% %6d", e.wall, e.cpu, 100 * e.cpu / cpuTotal, e.calls))
    }
    lines.append(pad("total", 44) + String(format: " %8.4f %8.4f", totalSeconds, cpuTotal))
    return lines.joined(separator: "\n") + "\n"
  }
}

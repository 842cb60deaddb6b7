import Foundation

/// Timing and memory figures for `oncoface bench` (never used by tests).
public enum Benchmark {
  /// Runs `body` `warmup` times, then `iterations` times, and returns the median duration (s).
  public static func medianSeconds(warmup: Int, iterations: Int, _ body: () throws -> Void) rethrows
    -> Double
  {
    for _ in 0..<warmup { try body() }
    var times: [Double] = []
    for _ in 0..<max(iterations, 1) {
      let start = DispatchTime.now().uptimeNanoseconds
      try body()
      times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }
    times.sort()
    let mid = times.count / 2
    return times.count % 2 == 1 ? times[mid] : (times[mid - 1] + times[mid]) / 2
  }

  /// The peak resident set size of this process in MB (VmHWM of /proc/self/status; getrusage's
  /// maximum where /proc is absent).
  public static func peakResidentMegabytes() -> Double {
    if let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
      let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
      let kb = Double(line.split(separator: " ").dropFirst().first ?? "")
    {
      return kb / 1024
    }
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_maxrss) / 1024
  }
}

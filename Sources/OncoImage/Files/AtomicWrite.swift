import Foundation

/// Whole-file writes that a kill can never tear, with temporary files a later run can find.
///
/// The bytes go to `.<name>.tmp-<pid>-<random>` in the target's folder, which is then renamed over
/// the target: a reader sees the old file or the whole new one. A writer killed mid-write leaves
/// its temporary file behind; `removeLeftovers(in:)` deletes those of processes that no longer
/// run, so the next run over the same folder ends as tidy as an uninterrupted one. (Foundation's
/// `.atomic` option names its temporaries `.dat.nosync…`, which nothing can tell from a user's
/// file; that is why OncoFace does not use it for outputs.)
public enum AtomicWrite {
  /// Writes `data` to `url`; Foundation's error (full disk, permissions) is rethrown as it is.
  public static func write(_ data: Data, to url: URL) throws {
    let temporary = temporaryURL(for: url)
    do {
      try data.write(to: temporary)
      guard rename(temporary.path, url.path) == 0 else {
        throw CocoaError(.fileWriteUnknown, userInfo: [
          NSFilePathErrorKey: url.path,
          NSUnderlyingErrorKey: POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO),
        ])
      }
    } catch {
      unlink(temporary.path)
      throw error
    }
  }

  /// A fresh temporary file for `url` in its folder, named so that `removeLeftovers(in:)` knows
  /// it: `.<name>.tmp-<pid>-<random>`. Every atomic writer of OncoFace takes its name from here.
  public static func temporaryURL(for url: URL) -> URL {
    url.deletingLastPathComponent().appendingPathComponent(
      ".\(url.lastPathComponent).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
  }

  /// Removes the temporary files of writers that no longer run from `folder` (not its
  /// sub-folders); returns their names. A live process's file is left alone, so two runs over
  /// one folder never delete each other's work in progress.
  @discardableResult
  public static func removeLeftovers(in folder: URL) -> [String] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
    var removed: [String] = []
    for name in names where name.hasPrefix(".") {
      guard let marker = name.range(of: ".tmp-", options: .backwards),
        let pid = Int32(name[marker.upperBound...].prefix { $0 != "-" }), !isRunning(pid)
      else { continue }
      if unlink(folder.appendingPathComponent(name).path) == 0 { removed.append(name) }
    }
    return removed
  }

  /// Whether a process with `pid` runs on this machine (a zombie counts as gone).
  public static func isRunning(_ pid: Int32) -> Bool {
    guard pid > 0, kill(pid, 0) == 0 || errno == EPERM else { return false }
    let status = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)
    guard let state = status?.split(separator: ")").last?.split(separator: " ").first else {
      return true
    }
    return state != "Z"
  }
}

import Foundation
import OncoImage

/// Whole-file writes that a crash can never tear: a temporary file in the same folder, written,
/// synced and renamed over the target.
///
/// A reader (the TUI following a headless run, or `oncoface resume` after a kill -9) sees either
/// the old file or the new one, never a mix. Errors come back as `FileError`, so a full disk or a
/// read-only folder reads as such instead of as a generic Foundation error.
///
///     try AtomicFile.write(Data(json.utf8), to: folder.appendingPathComponent("session.json"))
public enum AtomicFile {
  /// Replaces (or creates) the file at `url` with `data`.
  public static func write(_ data: Data, to url: URL) throws(FileError) {
    let folder = url.deletingLastPathComponent().path
    let temporary = AtomicWrite.temporaryURL(for: url).path
    let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
    guard fd >= 0 else { throw FileError.from(errno: errno, path: url.path, operation: "create") }
    do throws(FileError) {
      try writeAll(fd, data, path: url.path)
      guard fsync(fd) == 0 else {
        throw FileError.from(errno: errno, path: url.path, operation: "sync")
      }
      guard close(fd) == 0 else {
        throw FileError.from(errno: errno, path: url.path, operation: "close")
      }
    } catch {
      close(fd)
      unlink(temporary)
      throw error
    }
    guard rename(temporary, url.path) == 0 else {
      let code = errno
      unlink(temporary)
      throw FileError.from(errno: code, path: url.path, operation: "rename")
    }
    syncFolder(folder)
  }

  /// Writes every byte of `data` to `fd`, retrying short writes and EINTR.
  static func writeAll(_ fd: Int32, _ data: Data, path: String) throws(FileError) {
    var failure: Int32 = 0
    data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
      guard var pointer = raw.baseAddress else { return }
      var left = raw.count
      while left > 0 {
        let n = Glibc.write(fd, pointer, left)
        if n < 0 {
          if errno == EINTR { continue }
          failure = errno
          return
        }
        left -= n
        pointer += n
      }
    }
    if failure != 0 { throw FileError.from(errno: failure, path: path, operation: "write") }
  }

  /// Makes a rename durable (best effort: some file systems refuse to sync a folder).
  static func syncFolder(_ path: String) {
    let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    guard fd >= 0 else { return }
    fsync(fd)
    close(fd)
  }

  /// Bytes free to an unprivileged writer on the file system holding `url`, or nil when unknown.
  public static func availableBytes(at url: URL) -> Int64? {
    var stats = statvfs()
    guard statvfs(url.path, &stats) == 0 else { return nil }
    return Int64(stats.f_bavail) * Int64(stats.f_frsize)
  }
}

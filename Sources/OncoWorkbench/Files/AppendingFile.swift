import Foundation

/// A text file that only ever grows by whole lines (metrics.jsonl, log.txt), synced after each
/// append.
///
/// Each line goes out in one `write` on a file opened with `O_APPEND`, so a reader in another
/// process sees whole lines or a torn last one, never interleaving. When a write fails (full disk)
/// the file is cut back to its previous length, and opening a file whose last line was torn by a
/// crash cuts that fragment off, so the next line never glues onto it. Safe to use from several
/// threads.
public final class AppendingFile: @unchecked Sendable {
  public let url: URL
  private let fd: Int32
  private let lock = NSLock()

  /// Opens (creating if needed) `url` for appending; a torn last line left by a crash is removed.
  public init(url: URL) throws(FileError) {
    self.url = url
    let fd = open(url.path, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
    guard fd >= 0 else { throw FileError.from(errno: errno, path: url.path, operation: "open") }
    self.fd = fd
    do { try AppendingFile.cutTornTail(fd, path: url.path) } catch {
      close(fd)
      throw error
    }
  }

  deinit { close(fd) }

  /// Appends `line` and a newline, then syncs the file to disk; returns the file's length before
  /// the line (for `cut(to:)`).
  @discardableResult
  public func append(line: String) throws(FileError) -> Int64 {
    precondition(!line.contains("\n"), "one line at a time")
    lock.lock()
    defer { lock.unlock() }
    let before = lseek(fd, 0, SEEK_END)
    do throws(FileError) {
      try AtomicFile.writeAll(fd, Data((line + "\n").utf8), path: url.path)
      guard fsync(fd) == 0 else {
        throw FileError.from(errno: errno, path: url.path, operation: "sync")
      }
    } catch {
      if before >= 0 { _ = ftruncate(fd, before) }
      throw error
    }
    return Int64(before)
  }

  /// Cuts the file back to `length` bytes (lines appended since are taken back; best effort).
  public func cut(to length: Int64) {
    lock.lock()
    defer { lock.unlock() }
    if length >= 0, ftruncate(fd, off_t(length)) == 0 { fsync(fd) }
  }

  /// Cuts everything after the last newline (a line a crash or a full disk left half-written).
  static func cutTornTail(_ fd: Int32, path: String) throws(FileError) {
    let size = lseek(fd, 0, SEEK_END)
    guard size > 0 else { return }
    var offset = size
    let chunk = 4096
    var buffer = [UInt8](repeating: 0, count: chunk)
    // Scan backwards for the last newline.
    while offset > 0 {
      let start = max(0, offset - off_t(chunk))
      let count = Int(offset - start)
      let n = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, count, start) }
      guard n == count else { throw FileError.from(errno: errno, path: path, operation: "read") }
      if let last = buffer[0..<count].lastIndex(of: UInt8(ascii: "\n")) {
        let keep = start + off_t(last) + 1
        if keep != size, ftruncate(fd, keep) != 0 {
          throw FileError.from(errno: errno, path: path, operation: "repair")
        }
        return
      }
      offset = start
    }
    if ftruncate(fd, 0) != 0 { throw FileError.from(errno: errno, path: path, operation: "repair") }
  }
}

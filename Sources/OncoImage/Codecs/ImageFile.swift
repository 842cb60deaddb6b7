import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// Reads an image file's bytes with an error that says what is wrong with the file.
///
/// Paths are raw bytes (`[UInt8]`, no terminating NUL) as well as strings, because a Linux file
/// name need not be UTF-8: a folder listing keeps the exact bytes, and the display name replaces
/// what is not UTF-8 with U+FFFD.
public enum ImageFile {
  /// Files larger than this are refused before reading (no photo a study holds comes close).
  public static let maximumBytes = 512 * 1024 * 1024

  /// The bytes of the file at `path`.
  public static func read(path: String) throws -> Data {
    try read(pathBytes: Array(path.utf8), displayPath: path)
  }

  /// The bytes of the file whose path has exactly these bytes; `displayPath` names it in errors.
  public static func read(pathBytes: [UInt8], displayPath: String) throws -> Data {
    let fd = (pathBytes + [0]).withUnsafeBufferPointer { p in
      p.withMemoryRebound(to: CChar.self) { open($0.baseAddress!, O_RDONLY | O_CLOEXEC) }
    }
    guard fd >= 0 else { throw unreadable(displayPath, errno) }
    defer { close(fd) }
    var info = stat()
    guard fstat(fd, &info) == 0 else { throw unreadable(displayPath, errno) }
    if (info.st_mode & S_IFMT) == S_IFDIR {
      throw ImageError.unreadable(path: displayPath, reason: "it is a folder, not a file")
    }
    guard (info.st_mode & S_IFMT) == S_IFREG else {
      throw ImageError.unreadable(path: displayPath, reason: "not a regular file")
    }
    let size = Int(info.st_size)
    guard size <= maximumBytes else {
      throw ImageError.unreadable(
        path: displayPath,
        reason: "\(size / 1_048_576) MB is above the \(maximumBytes / 1_048_576) MB limit")
    }
    var data = Data(count: size)
    var done = 0
    while done < size {
      let n = data.withUnsafeMutableBytes { raw in
        Glibc.read(fd, raw.baseAddress! + done, size - done)
      }
      if n < 0 {
        if errno == EINTR { continue }
        throw unreadable(displayPath, errno)
      }
      if n == 0 { break }  // the file shrank while we read it
      done += n
    }
    data.count = done
    return data
  }

  private static func unreadable(_ path: String, _ code: Int32) -> ImageError {
    let fix: String
    switch code {
    case ENOENT: fix = "no such file; check the path"
    case EACCES, EPERM: fix = "permission denied; check the file's permissions"
    case EISDIR: fix = "it is a folder, not a file"
    default: fix = String(cString: strerror(code))
    }
    return .unreadable(path: path, reason: fix)
  }
}

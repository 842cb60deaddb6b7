import Foundation

/// Folder creation that reports a read-only place or a full disk as such.
enum Directory {
  /// Creates `url` and any missing parents; an existing folder is fine.
  static func create(_ url: URL) throws(FileError) {
    var path = ""
    for component in url.standardizedFileURL.path.split(separator: "/") {
      path += "/" + component
      if mkdir(path, 0o755) != 0 {
        let code = errno
        var isFolder: ObjCBool = false
        if code == EEXIST, FileManager.default.fileExists(atPath: path, isDirectory: &isFolder),
          isFolder.boolValue
        {
          continue
        }
        // A missing parent the caller may not create shows up as EACCES/EROFS on that parent.
        throw FileError.from(errno: code, path: path, operation: "create the folder")
      }
    }
  }

  /// Creates `url`, which must not exist yet; false when it already does.
  static func createNew(_ url: URL) throws(FileError) -> Bool {
    if mkdir(url.path, 0o755) == 0 { return true }
    if errno == EEXIST { return false }
    throw FileError.from(errno: errno, path: url.path, operation: "create the folder")
  }

  /// False when `url` is on a read-only file system or this process may not write into it.
  static func isWritable(_ url: URL) -> Bool {
    var stats = statvfs()
    if statvfs(url.path, &stats) == 0, stats.f_flag & UInt(ST_RDONLY) != 0 { return false }
    return access(url.path, W_OK) == 0
  }
}

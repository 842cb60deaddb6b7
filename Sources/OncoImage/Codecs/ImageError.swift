/// Why an image could not be read or written. Messages name the file and, where there is one, the
/// fix.
public enum ImageError: Error, CustomStringConvertible, Equatable {
  /// The file could not be opened or read (missing, permissions, a folder…).
  case unreadable(path: String, reason: String)
  /// The file has no bytes at all.
  case empty(path: String)
  /// The bytes are not a PNG or JPEG image (a text file named .jpg, a HEIC or GIF…).
  case notAnImage(path: String)
  /// The file is a PNG or JPEG but the codec refused it (truncated, corrupt).
  case corrupt(path: String, reason: String)
  /// The header claims more pixels than OncoFace will decode.
  case tooLarge(path: String, width: Int, height: Int, limit: Int)
  /// The image could not be encoded or the file not written (full disk, read-only folder…).
  case unwritable(path: String, reason: String)

  public var description: String {
    switch self {
    case .unreadable(let path, let reason): return "\(path): cannot read the file (\(reason))"
    case .empty(let path): return "\(path): the file is empty (0 bytes); copy the photo again"
    case .notAnImage(let path):
      return "\(path): not a PNG or JPEG image (check the file; convert other formats to PNG)"
    case .corrupt(let path, let reason): return "\(path): corrupt image (\(reason))"
    case .tooLarge(let path, let w, let h, let limit):
      return "\(path): \(w)×\(h) pixels is above the limit of \(limit) pixels; downscale it first"
    case .unwritable(let path, let reason): return "\(path): cannot write the image (\(reason))"
    }
  }
}

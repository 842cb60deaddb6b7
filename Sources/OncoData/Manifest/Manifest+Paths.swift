import Foundation

extension Manifest {
  /// `file` as a manifest in `folder` should name it: relative (with `..` steps when needed) when both
  /// are on the same tree, else absolute. Use it when writing a manifest that points at images
  /// elsewhere (cohort.csv, prepared.csv), so the manifest still reads back with `Manifest.load`.
  ///
  ///     Manifest.relativePath(of: URL(fileURLWithPath: "/data/a/x.jpg"),
  ///                           from: URL(fileURLWithPath: "/data/b"))   // "../a/x.jpg"
  public static func relativePath(of file: URL, from folder: URL) -> String {
    let target = file.standardizedFileURL.pathComponents
    let base = folder.standardizedFileURL.pathComponents
    var common = 0
    while common < min(target.count, base.count), target[common] == base[common] { common += 1 }
    guard common > 1 || (common == 1 && base.count == 1) else {
      return file.standardizedFileURL.path
    }
    let ups = Array(repeating: "..", count: base.count - common)
    return (ups + target[common...]).joined(separator: "/")
  }
}

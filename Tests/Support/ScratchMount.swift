import Foundation

/// A small tmpfs mounted for one test: a real full disk or a real read-only folder.
///
/// Needs root (CAP_SYS_ADMIN); `mount` returns nil otherwise, and the test skips saying why. Root
/// ignores file permissions, so `chmod` cannot make a folder read-only for root: a read-only mount
/// can.
///
///     guard let disk = ScratchMount.mount(sizeKB: 64) else {
///       throw XCTSkip(ScratchMount.unavailable)
///     }
///     defer { disk.unmount() }
public final class ScratchMount {
  public let url: URL

  private init(url: URL) { self.url = url }

  public static let unavailable =
    "mounting a test tmpfs needs root (CAP_SYS_ADMIN); this test uses a real small or "
    + "read-only disk"

  /// Mounts a tmpfs of `sizeKB` kilobytes (read-only when `readOnly`) on a fresh temporary folder.
  public static func mount(sizeKB: Int, readOnly: Bool = false) -> ScratchMount? {
    guard getuid() == 0, let folder = try? TestPaths.temporaryDirectory("oncoface-mount") else {
      return nil
    }
    var options = "size=\(sizeKB)k"
    if readOnly { options += ",ro" }
    guard run("/bin/mount", ["-t", "tmpfs", "-o", options, "tmpfs", folder.path]) else {
      try? FileManager.default.removeItem(at: folder)
      return nil
    }
    return ScratchMount(url: folder)
  }

  /// Unmounts and removes the folder.
  public func unmount() {
    // A file still open in the mount (a writer the test has not released yet) makes a plain
    // umount fail; the lazy one detaches now and frees the memory when the file closes.
    if !ScratchMount.run("/bin/umount", [url.path]) {
      _ = ScratchMount.run("/bin/umount", ["-l", url.path])
    }
    try? FileManager.default.removeItem(at: url)
  }

  private static func run(_ tool: String, _ arguments: [String]) -> Bool {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: tool)
    process.arguments = arguments
    process.standardError = FileHandle.nullDevice
    do { try process.run() } catch { return false }
    process.waitUntilExit()
    return process.terminationStatus == 0
  }
}

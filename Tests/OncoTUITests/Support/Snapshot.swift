import Foundation
import OncoTUI
import OncoTestSupport
import XCTest

/// Compares a canvas with its stored text snapshot in Tests/Fixtures/snapshots/NAME.txt.
///
/// With RECORD_SNAPSHOTS=1 (or when the file does not exist yet) the snapshot is written and the
/// test fails, saying so, so a recording run is never mistaken for a passing one:
///
///     RECORD_SNAPSHOTS=1 swift test --filter OncoTUITests
///
/// `roles: true` appends the role map (one letter per cell, see `Role.letter`), which is how the
/// monochrome and colour themes, the selection and the highlighted tab show in a text file.
func assertSnapshot(
  _ canvas: MemoryCanvas, named name: String, roles: Bool = false,
  file: StaticString = #filePath, line: UInt = #line
) {
  var actual = canvas.text.split(separator: "\n", omittingEmptySubsequences: false)
    .map { $0 + "|" }.joined(separator: "\n")
  if roles { actual += "\n--- roles\n" + canvas.roleMap }
  actual += "\n"
  let url = TestPaths.fixtures.appendingPathComponent("snapshots/\(name).txt")
  let record = ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1"
  guard !record, let expected = try? String(contentsOf: url, encoding: .utf8) else {
    do {
      try FileManager.default.createDirectory(
        at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      try Data(actual.utf8).write(to: url, options: .atomic)
      XCTFail(
        "recorded snapshot \(url.lastPathComponent); check it and run again without RECORD_SNAPSHOTS",
        file: file, line: line)
    } catch {
      XCTFail("cannot write snapshot \(url.path): \(error)", file: file, line: line)
    }
    return
  }
  guard expected != actual else { return }
  let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
  let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
  var report = ["snapshot \(name) differs (RECORD_SNAPSHOTS=1 re-records it):"]
  for i in 0..<max(a.count, e.count) where (i < a.count ? a[i] : nil) != (i < e.count ? e[i] : nil)
  {
    report.append("line \(i + 1):")
    report.append("  expected: \(i < e.count ? String(e[i]) : "(none)")")
    report.append("  actual:   \(i < a.count ? String(a[i]) : "(none)")")
    if report.count > 24 { break }
  }
  XCTFail(report.joined(separator: "\n"), file: file, line: line)
}

/// A canvas of the given size and capabilities.
func canvas(_ width: Int, _ height: Int, _ capabilities: Capabilities = .full) -> MemoryCanvas {
  MemoryCanvas(width: width, height: height, capabilities: capabilities)
}

extension Capabilities {
  /// LANG=C with 256 colours.
  static let asciiColour = Capabilities(unicode: false, colour: .palette256)
  /// UTF-8 without colour (NO_COLOR).
  static let monochromeUTF8 = Capabilities(unicode: true, colour: .monochrome)
  /// TERM=xterm: eight colours.
  static let eightColours = Capabilities(unicode: true, colour: .ansi8)
}

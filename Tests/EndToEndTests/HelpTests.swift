import Foundation
import OncoTestSupport
import XCTest

/// `--help` teaches: every command is listed, has an example at the top level and in its own help,
/// and no help line is wider than an 80-column terminal.
final class HelpTests: XCTestCase {
  func testEveryCommandHasAnExampleAndFitsEightyColumns() throws {
    let top = try ReleaseBinary.run(["--help"])
    XCTAssertEqual(top.status, 0, top.stderr)
    let lines = top.stdout.split(separator: "\n", omittingEmptySubsequences: false)
    let listed = try XCTUnwrap(lines.firstIndex(of: "SUBCOMMANDS:"))
    let commands = lines[(listed + 1)...].prefix { !$0.isEmpty }.compactMap { line -> String? in
      guard line.hasPrefix("  "), !line.hasPrefix("   ") else { return nil }
      return line.split(separator: " ").first.map(String.init)
    }
    XCTAssertEqual(
      Set(commands),
      [
        "ui", "demo", "prepare", "cohort", "train", "resume", "predict", "cam", "faces",
        "sessions", "bench",
      ])
    let benches = ["bench train", "bench infer", "bench cam", "bench align", "bench ui"]
    for command in commands + benches where command != "ui" {
      XCTAssertTrue(
        lines.contains { $0.hasPrefix("  oncoface \(command.prefix { $0 != " " }) ") },
        "no top-level example of \(command)")
      let own = try ReleaseBinary.run(["help"] + command.split(separator: " ").map(String.init))
      XCTAssertEqual(own.status, 0, own.stderr)
      XCTAssertTrue(own.stdout.contains("Example"), "oncoface help \(command) has no example")
      for line in own.stdout.split(separator: "\n") where !line.hasPrefix("USAGE:") {
        XCTAssertLessThanOrEqual(line.count, 80, "oncoface help \(command): \(line)")
      }
    }
    for line in lines where !line.hasPrefix("USAGE:") {
      XCTAssertLessThanOrEqual(line.count, 80, "oncoface --help: \(line)")
    }
  }
}

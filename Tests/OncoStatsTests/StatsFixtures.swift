import Foundation
import OncoTestSupport
import XCTest

/// Reference numbers from scikit-learn and scipy (Tests/Fixtures/stats, made by make_fixtures.py).
enum StatsFixtures {
  static func load(_ name: String) throws -> [String: Any] {
    let url = TestPaths.fixtures.appendingPathComponent("stats/\(name)")
    let object = try JSONSerialization.jsonObject(with: Data(contentsOf: url))
    return try XCTUnwrap(object as? [String: Any], "\(name) is not a JSON object")
  }

  static func list(_ name: String, _ key: String) throws -> [[String: Any]] {
    try XCTUnwrap(load(name)[key] as? [[String: Any]], "\(name) has no list \(key)")
  }
}

extension Dictionary where Key == String, Value == Any {
  func double(_ key: String) -> Double { (self[key] as? NSNumber)?.doubleValue ?? .nan }
  func int(_ key: String) -> Int { (self[key] as? NSNumber)?.intValue ?? Int.min }
  func doubles(_ key: String) -> [Double] { (self[key] as? [NSNumber])?.map(\.doubleValue) ?? [] }
}

/// Asserts agreement to 1e-9: absolute for values up to 1, relative beyond.
func assertClose(_ actual: Double, _ expected: Double, tolerance: Double = 1e-9, _ message: String,
                 file: StaticString = #filePath, line: UInt = #line)
{
  let scale = max(1, abs(expected))
  XCTAssertLessThanOrEqual(abs(actual - expected), tolerance * scale,
                           "\(message): \(actual) vs reference \(expected)", file: file, line: line)
}

import Foundation
import OncoStats
import XCTest

/// The seeded generator every reproducible step draws from.
final class SeededGeneratorTests: XCTestCase {
  func testMatchesTheSplitMix64ReferenceSequence() {
    // The first outputs of Vigna's splitmix64.c for seed 1234567.
    var rng = SeededGenerator(seed: 1_234_567)
    XCTAssertEqual((0..<5).map { _ in rng.next() }, [
      6_457_827_717_110_365_317, 3_203_168_211_198_807_973, 9_817_491_932_198_370_423,
      4_593_380_528_125_082_431, 16_408_922_859_458_223_821,
    ])
  }

  func testSameSeedSameDrawsAndStreamsAreIndependent() {
    var a = SeededGenerator(seed: 7), b = SeededGenerator(seed: 7), c = SeededGenerator(seed: 8)
    let drawsA = (0..<100).map { _ in a.nextInt(below: 1000) }
    XCTAssertEqual(drawsA, (0..<100).map { _ in b.nextInt(below: 1000) })
    XCTAssertNotEqual(drawsA, (0..<100).map { _ in c.nextInt(below: 1000) })
    var split = SeededGenerator(seed: 7, stream: "split")
    var controls = SeededGenerator(seed: 7, stream: "controls")
    var splitAgain = SeededGenerator(seed: 7, stream: "split")
    let s = (0..<20).map { _ in split.next() }
    XCTAssertEqual(s, (0..<20).map { _ in splitAgain.next() })
    XCTAssertNotEqual(s, (0..<20).map { _ in controls.next() })
  }

  func testBoundedIntegersAndDoublesAreUniform() {
    var rng = SeededGenerator(seed: 3)
    var counts = [Int](repeating: 0, count: 6)
    let n = 60_000
    for _ in 0..<n { counts[rng.nextInt(below: 6)] += 1 }
    // Chi-square with 5 degrees of freedom: 20.5 is its 99.9th percentile.
    let expected = Double(n) / 6
    let chi2 = counts.reduce(0) { $0 + pow(Double($1) - expected, 2) / expected }
    XCTAssertLessThan(chi2, 20.5, "\(counts)")
    let doubles = (0..<n).map { _ in rng.nextDouble() }
    XCTAssertTrue(doubles.allSatisfy { $0 >= 0 && $0 < 1 })
    XCTAssertEqual(doubles.reduce(0, +) / Double(n), 0.5, accuracy: 0.005)
    let gaussians = (0..<n).map { _ in rng.nextGaussian() }
    let mean = gaussians.reduce(0, +) / Double(n)
    let variance = gaussians.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(n - 1)
    XCTAssertEqual(mean, 0, accuracy: 0.02)
    XCTAssertEqual(variance, 1, accuracy: 0.03)
    XCTAssertEqual(rng.nextInt(below: 1), 0)
  }

  func testShuffleIsAPermutationAndEveryPositionIsReachable() {
    var rng = SeededGenerator(seed: 11)
    var firstPositions = Set<Int>()
    for _ in 0..<200 {
      let shuffled = rng.shuffled(0..<10)
      XCTAssertEqual(shuffled.sorted(), Array(0..<10))
      firstPositions.insert(shuffled[0])
    }
    XCTAssertEqual(firstPositions, Set(0..<10))
  }
}

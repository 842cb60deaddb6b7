import Foundation
import OncoData
import OncoStats
import OncoTestSupport
import XCTest

/// Sex/age-matched control sampling, its balance report and its files.
final class CohortTests: XCTestCase {
  private var line = 1

  /// A manifest row for an image that need not exist (matching looks at sex and age only).
  private func row(_ name: String, _ sex: Sex, _ age: Double) -> ManifestRow {
    line += 1
    return ManifestRow(
      line: line, path: name, url: URL(fileURLWithPath: "/photos/\(name)"), sex: sex,
      age: age, columns: ["path", "sex", "age", "site"],
      values: [name, sex.rawValue, String(age), "site-\(line % 3)"])
  }

  /// `count` pool rows of one sex with ages cycling through `ages`.
  private func pool(_ prefix: String, _ sex: Sex, ages: [Double], count: Int) -> [ManifestRow] {
    (0..<count).map { row("\(prefix)\($0).jpg", sex, ages[$0 % ages.count]) }
  }

  func testEveryStratumGetsRatioControlsFromItsOwnBinWithoutReplacement() throws {
    let cases = [
      row("c1.jpg", .female, 42), row("c2.jpg", .female, 43), row("c3.jpg", .male, 61),
      row("c4.jpg", .female, 57.5),
    ]
    let candidates =
      pool("f", .female, ages: [40, 41, 44, 55, 56, 59, 30], count: 60)
      + pool("m", .male, ages: [60, 62, 64, 43], count: 40)
    let cohort = try MatchedCohort(
      cases: cases, pool: candidates + [cases[0], cases[2]],
      options: MatchingOptions(ratio: 2, ageBinWidth: 5, seed: 3))
    XCTAssertEqual(cohort.poolOverlap, 2, "cases listed in the pool are never their own controls")
    XCTAssertEqual(cohort.controls.count, 8)
    XCTAssertEqual(Set(cohort.controls.map(\.path)).count, 8, "no control is drawn twice")
    XCTAssertTrue(Set(cohort.controls.map(\.path)).isDisjoint(with: cases.map(\.path)))
    for (control, assignment) in zip(cohort.controls, cohort.assignments) {
      XCTAssertFalse(assignment.byNearestAge)
      XCTAssertEqual(
        Stratum(sex: control.sex!, age: control.age!, binWidth: 5), assignment.stratum,
        "\(control.path) lies in the stratum it serves")
    }
    XCTAssertEqual(cohort.strata.map(\.stratum.description), ["F 40-44", "F 55-59", "M 60-64"])
    XCTAssertEqual(cohort.strata.map(\.controls), [4, 2, 2])
    XCTAssertEqual(cohort.shortStrata, [])
    XCTAssertEqual(cohort.balance.caseWomen * 2, cohort.balance.controlWomen)
  }

  func testTheSeedFixesTheSample() throws {
    let cases = (0..<10).map { row("c\($0).jpg", $0 % 2 == 0 ? .female : .male, Double(30 + $0)) }
    let candidates =
      pool("f", .female, ages: Array(stride(from: 25.0, to: 45, by: 1)), count: 200)
      + pool("m", .male, ages: Array(stride(from: 25.0, to: 45, by: 1)), count: 200)
    func sample(_ seed: UInt64) throws -> [String] {
      try MatchedCohort(cases: cases, pool: candidates, options: MatchingOptions(seed: seed))
        .controls.map(\.path)
    }
    XCTAssertEqual(try sample(1), try sample(1))
    XCTAssertNotEqual(try sample(1), try sample(2))
  }

  func testAShortStratumTakesTheNearestAgesOfTheSameSexAndSaysSo() throws {
    let cases = [
      row("c1.jpg", .female, 70), row("c2.jpg", .female, 71), row("c3.jpg", .female, 72),
    ]
    let candidates = [
      row("in-bin.jpg", .female, 73), row("f60.jpg", .female, 60),
      row("f68.jpg", .female, 68), row("f69.jpg", .female, 69), row("f80.jpg", .female, 80),
      row("m71.jpg", .male, 71), row("m72.jpg", .male, 72),
    ]
    for seed in UInt64(1)...5 {
      let cohort = try MatchedCohort(
        cases: cases, pool: candidates,
        options: MatchingOptions(seed: seed))
      XCTAssertEqual(
        Set(cohort.controls.map(\.path)), ["in-bin.jpg", "f68.jpg", "f69.jpg"], "seed \(seed)")
      let stratum = try XCTUnwrap(cohort.strata.first)
      XCTAssertEqual(stratum.sameStratum, 1)
      XCTAssertEqual(stratum.nearestAge, 2)
      XCTAssertEqual(stratum.nearestAges, [68, 69])
      XCTAssertEqual(stratum.short, 0)
      XCTAssertEqual(cohort.assignments.map(\.byNearestAge), [false, true, true])
      let text = BalanceReport(cohort).text
      XCTAssertTrue(
        text.contains(
          "F 70-74: only 1 of 3 controls in the bin; took 2 of the nearest ages "
            + "(F): 68, 69"), text)
    }
  }

  func testAnExhaustedPoolLeavesTheStratumShortAndSaysSo() throws {
    let cases = [
      row("c1.jpg", .female, 50), row("c2.jpg", .female, 51), row("c3.jpg", .female, 52),
    ]
    let candidates = [
      row("f.jpg", .female, 50), row("m1.jpg", .male, 50), row("m2.jpg", .male, 51),
    ]
    let cohort = try MatchedCohort(cases: cases, pool: candidates)
    XCTAssertEqual(cohort.controls.map(\.path), ["f.jpg"], "never a control of the other sex")
    XCTAssertEqual(cohort.strata.first?.short, 2)
    XCTAssertTrue(BalanceReport(cohort).text.contains("still 2 short: no F controls left"))
  }

  func testBadOptionsAndIncompleteRows() {
    let cases = [row("c.jpg", .female, 50)]
    XCTAssertThrowsError(
      try MatchedCohort(cases: cases, pool: [], options: MatchingOptions(ratio: 0)))
    XCTAssertThrowsError(
      try MatchedCohort(
        cases: cases, pool: [],
        options: MatchingOptions(ageBinWidth: 0)))
    var ageless = row("x.jpg", .male, 1)
    ageless.age = nil
    XCTAssertThrowsError(try MatchedCohort(cases: cases, pool: [ageless])) {
      XCTAssertEqual($0 as? CohortError, .incompleteRow(role: "pool", line: ageless.line))
    }
  }

  func testWritesACohortManifestAndBalanceFilesThatReadBack() throws {
    let folder = try TestPaths.temporaryDirectory("cohort")
    defer { try? FileManager.default.removeItem(at: folder) }
    let cases = [row("c1.jpg", .female, 42), row("c2.jpg", .male, 61)]
    let candidates =
      pool("f", .female, ages: [40, 44], count: 5) + pool("m", .male, ages: [60], count: 5)
    let cohort = try MatchedCohort(
      cases: cases, pool: candidates, options: MatchingOptions(ratio: 2))
    let url = folder.appendingPathComponent("study/cohort.csv")
    let files = try cohort.write(to: url)
    XCTAssertEqual(files.balanceTable, folder.appendingPathComponent("study/balance.csv"))

    let back = try Manifest(contentsOf: url, options: ManifestOptions(checkFiles: false))
    XCTAssertEqual(back.issues, [])
    XCTAssertEqual(back.columns, ["path", "label", "sex", "age", "stratum", "matched", "site"])
    XCTAssertEqual(
      back.rows.map(\.label), ["case", "case", "control", "control", "control", "control"])
    XCTAssertEqual(
      back.rows.map(\.url.path), (cases + cohort.controls).map(\.url.path),
      "paths are rewritten relative to the cohort's folder and resolve to the same files")
    XCTAssertEqual(back.rows.map(\.sex), (cases + cohort.controls).map(\.sex))
    XCTAssertEqual(back.rows.map(\.age), (cases + cohort.controls).map(\.age))
    XCTAssertEqual(back.rows.map { $0["site"] }, (cases + cohort.controls).map { $0["site"] })
    XCTAssertEqual(
      back.rows.map { $0["matched"] },
      [
        "case", "case", "stratum", "stratum", "stratum",
        "stratum",
      ])

    let table = try CSVFile(contentsOf: files.balanceTable)
    XCTAssertEqual(table.records.map { $0.fields[0] }, ["F 40-44", "M 60-64", "all"])
    let all = try XCTUnwrap(table.records.last?.fields)
    XCTAssertEqual(all[table.header.firstIndex(of: "cases")!], "2")
    XCTAssertEqual(all[table.header.firstIndex(of: "controls")!], "4")
    let text = try String(contentsOf: files.balanceText, encoding: .utf8)
    XCTAssertEqual(text, BalanceReport(cohort).text)
    XCTAssertTrue(text.contains("Age histogram"))
  }

  func testOnFacesDevAOneToOneCohortIsBalancedInAgeAndSex() throws {
    guard let faces = TestPaths.facesDev else { throw XCTSkip(TestPaths.facesDevMissing) }
    let manifest = try Manifest.load(faces, options: ManifestOptions(required: [.sex, .age]))
    // Cases: 150 photos aged 40 or more, 60% women (90 F, 60 M), chosen at random; pool: the rest.
    var rng = SeededGenerator(seed: 4)
    let older = rng.shuffled(manifest.rows.filter { $0.age! >= 40 })
    let cases =
      Array(older.filter { $0.sex == .female }.prefix(90))
      + Array(older.filter { $0.sex == .male }.prefix(60))
    let casePaths = Set(cases.map(\.path))
    let pool = manifest.rows.filter { !casePaths.contains($0.path) }
    XCTAssertEqual(cases.count, 150)
    XCTAssertEqual(pool.count, 1050)

    let cohort = try MatchedCohort(cases: cases, pool: pool, options: MatchingOptions(ratio: 1))
    let balance = cohort.balance
    XCTAssertEqual(cohort.controls.count, 150)
    XCTAssertEqual(Set(cohort.controls.map(\.path)).count, 150)
    XCTAssertTrue(Set(cohort.controls.map(\.path)).isDisjoint(with: casePaths))
    XCTAssertLessThan(abs(balance.ageSMD), 0.1, BalanceReport(cohort).text)
    XCTAssertEqual(balance.caseWomenShare, balance.controlWomenShare)
    XCTAssertEqual(balance.controlWomen, 90)
    XCTAssertEqual(balance.sexTest.p, 1, accuracy: 1e-12)
  }
}

import ArgumentParser
import Foundation
import OncoData

/// `oncoface cohort`: sample sex/age-matched controls from a pool, with a balance report.
struct CohortCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "cohort",
    abstract: "Sample sex/age-matched controls and report the balance.",
    discussion: """
      For every sex × age bin of the cases, draws RATIO controls per case from the pool \
      (without replacement, seeded). A bin with too few pool members takes the nearest ages of \
      the same sex, and the report says so. Writes COHORT.csv (cases and controls, label = \
      case/control) and, next to it, balance.csv (per stratum) and balance.txt (the printed \
      report with age histograms). Bad manifest rows are listed on stderr with their line \
      numbers and left out.

      Example:
        oncoface cohort --cases cases.csv --pool pool.csv --out study/cohort.csv
      """
  )

  @Option(
    help: ArgumentHelp("Manifest of the cases (columns path, sex, age, …).", valueName: "CASES.csv")
  )
  var cases: String

  @Option(help: ArgumentHelp("Manifest of the candidate controls.", valueName: "POOL.csv"))
  var pool: String

  @Option(help: ArgumentHelp("The cohort manifest to write.", valueName: "COHORT.csv"))
  var out: String

  @Option(help: "Controls per case.")
  var ratio: Int = 1

  @Option(
    name: .customLong("age-bin"), help: ArgumentHelp("Age bin width in years.", valueName: "YEARS"))
  var ageBin: Double = 5

  @Option(help: "Seed of the sampling (same seed and inputs, same cohort).")
  var seed: UInt64 = 1

  @Flag(help: "End with one JSON line: cases, controls, age_smd, sex_p.")
  var json = false

  func validate() throws {
    guard ratio >= 1 else {
      throw ValidationError("--ratio must be 1 or more (controls per case).")
    }
    guard ageBin > 0, ageBin.isFinite else {
      throw ValidationError("--age-bin must be a positive number of years.")
    }
  }

  func run() throws {
    let casesManifest = try readManifest(cases)
    let poolManifest = try readManifest(pool)
    guard !casesManifest.rows.isEmpty else { throw CohortError.noCases(file: cases) }
    let cohort = try MatchedCohort(
      cases: casesManifest.rows, pool: poolManifest.rows,
      options: MatchingOptions(ratio: ratio, ageBinWidth: ageBin, seed: seed))
    guard cohort.poolSize > 0 else { throw CohortError.emptyPool(file: pool) }
    let files = try cohort.write(to: URL(fileURLWithPath: out))
    print(BalanceReport(cohort).text)
    print(
      "Wrote \(files.cohort.path), \(files.balanceTable.lastPathComponent) and "
        + "\(files.balanceText.lastPathComponent)")
    if json {
      let balance = cohort.balance
      var line = JSONLine()
      line["cases"] = .int(cohort.cases.count)
      line["controls"] = .int(cohort.controls.count)
      line["age_smd"] = .double(balance.ageSMD)
      line["sex_p"] = .double(balance.sexTest.p)
      line.print()
    } else {
      fflush(nil)
    }
  }

  /// Reads a manifest that must give sex and age, listing its bad rows on stderr.
  private func readManifest(_ path: String) throws -> Manifest {
    let manifest = try Manifest.load(
      URL(fileURLWithPath: path),
      options: ManifestOptions(required: [.sex, .age]))
    var text = manifest.issues.map { "\(path): \($0)\n" }.joined()
    if !manifest.issues.isEmpty { text += "\(path): \(manifest.summary)\n" }
    FileHandle.standardError.write(Data(text.utf8))
    return manifest
  }
}

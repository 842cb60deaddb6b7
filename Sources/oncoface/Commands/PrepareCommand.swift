import ArgumentParser
import Foundation
import OncoData
import OncoFace

/// `oncoface prepare INPUT --out DIR`: detect, landmarks, chips and masks for every photo.
struct PrepareCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "prepare",
    abstract: "Detect faces, 68 landmarks, aligned chips and background masks.",
    discussion: """
      INPUT is a manifest CSV (a `path` or `file` column) or a folder of photos (searched \
      recursively; the first sub-folder's name is the label). Writes DIR/chips/<id>.png, \
      DIR/masked/<id>.png, DIR/landmarks.csv and DIR/prepared.csv (every input row plus \
      id,chip,outcome,reason; outcome ok | no_face | several_faces | unreadable). A bad photo is \
      a row with a reason, never a stop; a second run reuses what is done. The exit status is \
      non-zero only when no photo at all was prepared.

      Example:
        oncoface prepare photos.csv --out Prepared --jobs 2
        oncoface prepare ../shared/data/faces-dev --out Prepared --aligned --json
      """
  )

  @Argument(help: "A manifest CSV or a folder of photos.")
  var input: String

  @Option(name: .long, help: "The prepared folder to write.")
  var out: String

  @Option(help: "Chip side in pixels.")
  var size = 150

  @Option(help: "Space around the face template, as a fraction of its width on each side.")
  var padding = 0.25

  @Option(help: "How many times photos are doubled before detection (small faces need 1 or 2).")
  var upsample = 1

  @Option(help: "Worker threads (one per core unless given).")
  var jobs = ProcessInfo.processInfo.activeProcessorCount

  @Flag(help: "The photos are already face chips: use a fixed face box when the detector misses.")
  var aligned = false

  @Flag(help: "Redo every photo, ignoring what an earlier run finished.")
  var noCache = false

  @Flag(help: "End with one JSON line: {\"total\":…,\"ok\":…,\"failed\":…,\"seconds\":…}.")
  var json = false

  func validate() throws {
    guard (16...1024).contains(size) else { throw ValidationError("--size must be 16…1024") }
    guard (0...2).contains(padding) else { throw ValidationError("--padding must be 0…2") }
    guard (0...3).contains(upsample) else { throw ValidationError("--upsample must be 0…3") }
    guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
  }

  func run() throws {
    let input = try PreparationInput.load(URL(fileURLWithPath: self.input),
                                          excluding: URL(fileURLWithPath: out))
    var alignerOptions = FaceAligner.Options(size: size, padding: padding, upsample: upsample,
                                             alreadyAligned: aligned)
    alignerOptions.detectionThreshold = 0
    let options = PreparationOptions(aligner: alignerOptions, jobs: jobs, reuse: !noCache)
    let job = PreparationJob(input: input, output: URL(fileURLWithPath: out), options: options)
    let bar = ProgressBar(label: "prepare", total: input.items.count, unit: "photos")
    // Workers report in any order: count each report rather than trusting its `done`.
    let summary = try job.run { progress in
      bar.advance(note: progress.reused > 0 ? "\(progress.reused) reused" : nil)
    }
    bar.finish()

    let failures = PreparationOutcome.allCases.filter { $0 != .ok }
      .compactMap { o in summary.outcomes[o].map { "\(o.rawValue) \($0)" } }
    let detail = failures.isEmpty ? "" : " (" + failures.joined(separator: ", ") + ")"
    let message = "\(summary.total) photos: \(summary.ok) ok, \(summary.failed) failed\(detail)"
      + String(format: " in %.1f s", summary.seconds)
      + (summary.reused > 0 ? ", \(summary.reused) reused" : "")
      + " → \(job.folder.preparedFile.path)"
    if json {
      FileHandle.standardError.write(Data((message + "\n").utf8))
      var line = JSONLine()
      line["total"] = .int(summary.total)
      line["ok"] = .int(summary.ok)
      line["failed"] = .int(summary.failed)
      line["seconds"] = .double((summary.seconds * 100).rounded() / 100)
      line["reused"] = .int(summary.reused)
      for outcome in PreparationOutcome.allCases where outcome != .ok {
        line[outcome.rawValue] = .int(summary.outcomes[outcome] ?? 0)
      }
      line.print()
    } else {
      print(message)
    }
    if summary.ok == 0 {
      FileHandle.standardError.write(Data(
        "prepare: no photo was prepared; see the reason column of \(job.folder.preparedFile.path)\n"
          .utf8))
      throw ExitCode(1)
    }
  }
}

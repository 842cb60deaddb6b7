import ArgumentParser
import Foundation
import OncoData
import OncoFace
import OncoImage
import OncoStats

/// `oncoface bench align`: photos/s of the whole `prepare` pipeline on photos of a given size.
///
/// The photos are real faces: faces-dev chips scaled (0.55–0.9 of the side) and pasted at random
/// places on textured size×size canvases, saved as JPEG files (made before timing). When faces-dev
/// is absent the canvases carry no face, and the figure measures decoding and detection only
/// (`"source":"generated"`). The timed part is `PreparationJob.run` with the cache off: read,
/// decode, detect, landmarks, warp, mask, encode two PNGs, write — on `--jobs` workers.
struct BenchAlignCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "align",
    abstract: "Face alignment throughput (photos/s).",
    discussion: """
      Times `prepare` on photos made from faces-dev. Prints one JSON line with \
      photos_per_second and cpu_ms_per_photo (CPU time per photo, which other load on the machine \
      does not change).

      Example:
        oncoface bench align --size 250 --jobs 2
      """
  )

  @Option(help: "Side of the square test photos in pixels.")
  var size = 250

  @Option(help: "Worker threads.")
  var jobs = 2

  @Option(help: "How many times photos are doubled before detection.")
  var upsample = 1

  @Option(help: "How many photos to time.")
  var photos = 240

  @Option(help: "The faces-dev folder (default: ../shared/data/faces-dev from the current folder).")
  var faces: String?

  func validate() throws {
    guard (100...4000).contains(size) else { throw ValidationError("--size must be 100…4000") }
    guard jobs >= 1, photos >= 1 else { throw ValidationError("--jobs and --photos must be ≥ 1") }
  }

  func run() throws {
    let work = FileManager.default.temporaryDirectory
      .appendingPathComponent("oncoface-bench-align-\(getpid())")
    defer { try? FileManager.default.removeItem(at: work) }
    let photoFolder = work.appendingPathComponent("photos")
    try FileManager.default.createDirectory(at: photoFolder, withIntermediateDirectories: true)
    let source = try makePhotos(in: photoFolder)

    let input = try PreparationInput.load(photoFolder)
    let options = PreparationOptions(
      aligner: FaceAligner.Options(size: 150, padding: 0.25, upsample: upsample),
      jobs: jobs, reuse: false)
    _ = try LandmarkModel.shared()  // loaded once per process; not part of the figure
    let job = PreparationJob(input: input, output: work.appendingPathComponent("out"),
                             options: options)
    let start = Date(), cpuStart = BenchAlignCommand.cpuSeconds()
    let summary = try job.run()
    let seconds = Date().timeIntervalSince(start)
    let cpu = BenchAlignCommand.cpuSeconds() - cpuStart

    var line = JSONLine()
    line["bench"] = "align"
    line["size"] = .int(size)
    line["jobs"] = .int(jobs)
    line["upsample"] = .int(upsample)
    line["photos"] = .int(summary.total)
    line["ok"] = .int(summary.ok)
    line["source"] = .string(source)
    line["seconds"] = .double((seconds * 1000).rounded() / 1000)
    line["photos_per_second"] = .double((Double(summary.total) / seconds * 10).rounded() / 10)
    // CPU time per photo does not depend on what else the machine runs: jobs / cpu is the rate an
    // idle machine with that many cores would reach.
    line["cpu_ms_per_photo"] = .double((cpu / Double(summary.total) * 10_000).rounded() / 10)
    line.print()
  }

  /// User + system CPU seconds of this process so far.
  private static func cpuSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
      + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
  }

  /// Writes `photos` JPEGs into `folder`; returns where the faces came from.
  private func makePhotos(in folder: URL) throws -> String {
    let dev = URL(fileURLWithPath: faces ?? "../shared/data/faces-dev")
    let images = dev.appendingPathComponent("images")
    let names = ((try? FileManager.default.contentsOfDirectory(atPath: images.path)) ?? [])
      .filter { $0.lowercased().hasSuffix(".jpg") }.sorted()
    var rng = SeededGenerator(seed: 2020)
    for i in 0..<photos {
      var canvas = RGBImage(width: size, height: size)
      for y in 0..<size {
        for x in 0..<size {
          let n = UInt8(Int.random(in: 0..<30, using: &rng))
          canvas[x, y] = (UInt8(60 + (x / 11 % 3) * 40) &+ n, UInt8(80 + (y / 7 % 2) * 50) &+ n,
                          UInt8(100 + ((x + y) / 17 % 2) * 60))
        }
      }
      if !names.isEmpty {
        let name = names[(i * 37) % names.count]
        let face = try RGBImage(contentsOf: images.appendingPathComponent(name).path)
        let side = Double(size) * Double.random(in: 0.55...0.9, using: &rng)
        let scale = side / Double(face.width)
        let x = Double.random(in: 0...(Double(size) - side), using: &rng)
        let y = Double.random(in: 0...(Double(size) - side), using: &rng)
        let pasted = face.warped(width: size, height: size,
                                 mapping: AffineMap(a: scale, b: 0, c: 0, d: scale, tx: x, ty: y))
        let (x0, y0, x1, y1) = (Int(x.rounded(.up)), Int(y.rounded(.up)), Int(x + side) - 1,
                                Int(y + side) - 1)
        for py in y0...y1 { for px in x0...x1 { canvas[px, py] = pasted[px, py] } }
      }
      let data = try JPEGCodec.encode(canvas, quality: 90)
      try data.write(to: folder.appendingPathComponent(String(format: "photo%04d.jpg", i)))
    }
    return names.isEmpty ? "generated" : "faces-dev"
  }
}

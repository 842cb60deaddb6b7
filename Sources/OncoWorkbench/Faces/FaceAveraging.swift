import Foundation
import OncoData
import OncoFace
import OncoImage

/// Average faces, mean shapes and landmark measures per group of a prepared folder: what
/// `oncoface faces` writes and the workbench's Faces screen shows.
///
/// Per group (the values of the `by` columns of prepared.csv): the mean landmark shape after
/// generalised Procrustes alignment and the average face (each chip warped piecewise-affinely
/// onto the mean shape, then averaged); per face the landmark measures; every group against the
/// reference group: Welch t, p and Cohen's d. Writes into `out`: average-<group>.png,
/// average-faces.png (side by side), landmarks.csv (mean shapes), measures.csv (per face),
/// group-comparison.csv and group-comparison.txt. A face with a problem (a bad row, an unreadable
/// chip) is reported through `issues` and left out; the rest goes on.
///
///     let summary = try FaceAveraging(input: prepared, out: faces).run(
///       progress: { done, total, group in … }, issues: { lines in … })
public struct FaceAveraging: Sendable {
  public var input: URL
  public var out: URL
  /// prepared.csv columns that define the groups.
  public var by: [String] = ["label"]
  /// The group the others are compared against; nil: `GroupComparison.defaultReference`.
  public var reference: String?
  /// Average the masked chips (background black) instead of the chips.
  public var masked = false

  /// What a run read and wrote.
  public struct Summary: Sendable {
    public var faces: Int
    public var groups: Int
    /// Rows of prepared.csv left out because of a problem.
    public var skipped: Int
    public var comparison: GroupComparison
    /// Average faces written (a group whose chips all failed to read has none).
    public var averages: Int
    /// What was read and left out, then the comparison table: group-comparison.txt.
    public var report: String
  }

  public init(input: URL, out: URL) {
    self.input = input
    self.out = out
  }

  /// Reads, averages and writes; `progress` gets (faces done, faces in all, current group)
  /// after each face, `issues` the problems found so far (each naming the folder and the face).
  public func run(
    progress: (Int, Int, String) -> Void = { _, _, _ in },
    issues: ([String]) -> Void = { _ in }
  ) throws -> Summary {
    var prepared = try PreparedFaces(folder: input, by: by, masked: masked)
    issues(prepared.takeIssues())
    let names = prepared.groupNames
    guard !names.isEmpty else { throw FacesError.noUsableFaces(folder: input.path) }
    let comparison = try GroupComparison(
      groups: names.map { name in (name, prepared.faces(in: name).map(\.measures)) },
      reference: reference)
    do {
      try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
    } catch {
      throw FacesError.unwritable(path: out.path, reason: error.localizedDescription)
    }

    // Average faces, group by group, reference first.
    let ordered = comparison.groups.map(\.name)
    var panels: [AverageFaceSheet.Panel] = []
    var meanShapes: [(String, Int, [SIMD2<Double>])] = []
    var slugs = Set<String>()
    var done = 0
    for name in ordered {
      let group = prepared.faces(in: name)
      let mean = try ProcrustesAlignment(shapes: group.map(\.landmarks)).meanInInputFrame
      meanShapes.append((name, group.count, mean))
      var average: AverageFace?
      for face in group {
        defer {
          done += 1
          progress(done, prepared.faces.count, name)
        }
        let problem: String
        do {
          let chip = try ImageDecoder.decode(contentsOf: face.chip.path)
          if average == nil {
            average = try AverageFace(meanShape: mean, width: chip.width, height: chip.height)
          }
          try average?.add(chip, landmarks: face.landmarks)
          continue
        } catch let error as ImageError {
          problem = error.description
        } catch let error as AverageFaceError {
          problem = "\(face.chip.path): \(error)"
        }
        prepared.report(
          "\(face.id): \(problem); left out of the average face (its measures are kept)")
      }
      guard let average, average.count > 0 else { continue }
      let file = out.appendingPathComponent("average-\(Self.slug(name, taken: &slugs)).png")
      try average.image.writePNG(to: file)
      panels.append((name, average.count, average.image))
    }
    if !panels.isEmpty {
      try AverageFaceSheet.render(panels).writePNG(
        to: out.appendingPathComponent("average-faces.png"))
    }

    try writeLandmarks(meanShapes, to: out.appendingPathComponent("landmarks.csv"))
    try writeMeasures(prepared, order: ordered, to: out.appendingPathComponent("measures.csv"))
    var table = CSVWriter(header: GroupComparison.tableHeader)
    for row in comparison.tableRows { table.append(row) }
    try table.write(to: out.appendingPathComponent("group-comparison.csv"))
    let report = prepared.summary + "\n\n" + comparison.report
    do {
      try AtomicWrite.write(
        Data(report.utf8), to: out.appendingPathComponent("group-comparison.txt"))
    } catch {
      throw FacesError.unwritable(path: out.path, reason: error.localizedDescription)
    }
    issues(prepared.takeIssues())
    return Summary(
      faces: prepared.faces.count, groups: names.count, skipped: prepared.skipped,
      comparison: comparison, averages: panels.count, report: report)
  }

  /// landmarks.csv: one mean shape per group, in chip pixels.
  private func writeLandmarks(_ shapes: [(String, Int, [SIMD2<Double>])], to url: URL) throws {
    var csv = CSVWriter(header: ["group", "faces"] + PreparedFolder.landmarksHeader.dropFirst())
    for (name, count, mean) in shapes {
      csv.append(
        [name, String(count)] + mean.flatMap { [Self.number($0.x), Self.number($0.y)] })
    }
    try csv.write(to: url)
  }

  /// measures.csv: one row per face, in group order.
  private func writeMeasures(_ prepared: PreparedFaces, order: [String], to url: URL) throws {
    var csv = CSVWriter(
      header: ["id", "group"] + prepared.byHeader + FaceMeasure.allCases.map(\.rawValue))
    for name in order {
      for face in prepared.faces(in: name) {
        csv.append(
          [face.id, name] + face.byValues
            + FaceMeasure.allCases.map { Self.number(face.measures[$0]) })
      }
    }
    try csv.write(to: url)
  }

  static func number(_ value: Double) -> String { value.isFinite ? "\(value)" : "" }

  /// A file-name-safe form of a group name, unique among `taken`.
  static func slug(_ name: String, taken: inout Set<String>) -> String {
    let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")
    var base = String(name.map { allowed.contains($0) ? $0 : "-" })
    if base.isEmpty || base.allSatisfy({ $0 == "." }) { base = "group" }
    var slug = base
    var n = 2
    while !taken.insert(slug).inserted {
      slug = "\(base)-\(n)"
      n += 1
    }
    return slug
  }
}

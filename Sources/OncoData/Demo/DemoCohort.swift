import Dispatch
import Foundation
import OncoImage

/// The built-in synthetic cohort: rendered face chips with a planted signal in the cases, written as
/// a prepared folder that training reads directly.
///
/// ```
/// DIR/chips/<id>.png    the aligned chips (150×150 by default)
/// DIR/masked/<id>.png   the chips with the background black (OncoFace's FaceMask rule)
/// DIR/signal/<id>.png   cases only: the planted region (grey, 255 inside), Grad-CAM's ground truth
/// DIR/landmarks.csv     id,x0,y0,…,x67,y67 in chip pixels
/// DIR/manifest.csv      path,label,sex,age,subject,id
/// DIR/prepared.csv      the manifest's columns (its id as input_id, as prepare names a clashing
///                       column), then id,chip,outcome,reason with outcome ok
/// DIR/demo-complete.json  written last: the options, so a killed run is redone
/// ```
///
/// This is `PreparedFolder`'s layout, so training reads it like the output of `oncoface prepare`.
///
///     let folder = try DemoCohort.ensure(at: sessions.appendingPathComponent("demo-cohort"))
public enum DemoCohort {
  /// Bumped whenever rendering changes, so cohorts made by an older OncoFace are remade.
  public static let version = 3
  /// The marker written last.
  public static let markerName = "demo-complete.json"

  /// What a generation made.
  public struct Summary: Sendable, Equatable {
    public let folder: URL
    public let count: Int
    public let cases: Int
    public let controls: Int
    public let seconds: Double
  }

  /// The folder, generated first unless a complete cohort with the same options is already there.
  @discardableResult
  public static func ensure(
    at folder: URL, options: DemoOptions = DemoOptions(),
    progress: (@Sendable (Int, Int) -> Void)? = nil
  ) throws -> URL {
    if isComplete(at: folder, options: options) { return folder }
    try generate(into: folder, options: options, progress: progress)
    return folder
  }

  /// True when `folder` holds a finished cohort made with exactly these options by this version.
  public static func isComplete(at folder: URL, options: DemoOptions) -> Bool {
    guard let data = try? Data(contentsOf: folder.appendingPathComponent(markerName)),
      let marker = try? JSONDecoder().decode(Marker.self, from: data)
    else { return false }
    return marker.version == version && marker.options == options
  }

  /// Renders every face (in parallel) and writes the prepared folder; the marker goes last.
  ///
  /// Existing demo files in the folder are replaced; other files are left alone. `progress` gets
  /// (faces done, total) from the rendering threads.
  @discardableResult
  public static func generate(
    into folder: URL, options: DemoOptions = DemoOptions(),
    progress: (@Sendable (Int, Int) -> Void)? = nil
  ) throws -> Summary {
    try options.validate()
    let start = Date()
    let fm = FileManager.default
    let marker = folder.appendingPathComponent(markerName)
    let prepared = PreparedFolder(folder)
    let chips = prepared.chips
    let masked = prepared.masked
    let signal = folder.appendingPathComponent("signal")
    do {
      try? fm.removeItem(at: marker)
      for dir in [chips, masked, signal] {
        try fm.createDirectory(at: dir, withIntermediateDirectories: true)
        for name in try fm.contentsOfDirectory(atPath: dir.path)
        where name.hasPrefix("demo") && name.hasSuffix(".png") {
          try fm.removeItem(at: dir.appendingPathComponent(name))
        }
      }
    } catch {
      throw DemoCohortError.unwritable(path: folder.path, reason: CSVFile.reason(error))
    }

    let records = RecordTable(count: options.count)
    DispatchQueue.concurrentPerform(iterations: options.count) { index in
      let face = DemoFace.render(index: index, options: options)
      do {
        try face.chip.writePNG(to: chips.appendingPathComponent(face.id + ".png"))
        try face.masked.writePNG(to: masked.appendingPathComponent(face.id + ".png"))
        try face.signalMask?.writePNG(to: signal.appendingPathComponent(face.id + ".png"))
        let done = records.store(index, Record(face: face))
        progress?(done, options.count)
      } catch {
        records.fail(error)
      }
    }
    if let error = records.firstError { throw error }

    let rows = records.all
    // CSVWriter's errors name the file and the reason already.
    try manifest(rows).write(to: folder.appendingPathComponent("manifest.csv"))
    try preparedTable(rows).write(to: prepared.preparedFile)
    try landmarks(rows).write(to: prepared.landmarksFile)
    let cases = rows.filter(\.isCase).count
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    let markerData = try encoder.encode(
      Marker(
        version: version, options: options, cases: cases,
        controls: rows.count - cases))
    try write(markerData, to: marker)
    return Summary(
      folder: folder, count: rows.count, cases: cases, controls: rows.count - cases,
      seconds: Date().timeIntervalSince(start))
  }

  // MARK: - Files

  struct Marker: Codable {
    let version: Int
    let options: DemoOptions
    let cases: Int
    let controls: Int
  }

  /// What the CSV files need of a face (the images are already on disk).
  struct Record: Sendable {
    let id: String
    let isCase: Bool
    let sex: String
    let age: Int
    let landmarks: [SIMD2<Double>]

    init(face: DemoFace) {
      id = face.id
      isCase = face.isCase
      sex = face.sex
      age = face.age
      landmarks = face.landmarks
    }
  }

  static let manifestColumns = ["path", "label", "sex", "age", "subject", "id"]

  static func manifestRow(_ r: Record) -> [String] {
    ["chips/\(r.id).png", r.isCase ? "case" : "control", r.sex, String(r.age), r.id, r.id]
  }

  static func manifest(_ rows: [Record]) -> CSVWriter {
    var csv = CSVWriter(header: manifestColumns)
    for r in rows { csv.append(manifestRow(r)) }
    return csv
  }

  /// prepared.csv as `prepare` writes it for this manifest: a manifest column named like an added
  /// one becomes input_<name>.
  static func preparedTable(_ rows: [Record]) -> CSVWriter {
    let added = Set(PreparedFolder.addedColumns)
    let inputColumns = manifestColumns.map { added.contains($0) ? "input_" + $0 : $0 }
    var csv = CSVWriter(header: inputColumns + PreparedFolder.addedColumns)
    for r in rows { csv.append(manifestRow(r) + [r.id, "chips/\(r.id).png", "ok", ""]) }
    return csv
  }

  static func landmarks(_ rows: [Record]) -> CSVWriter {
    var csv = CSVWriter(header: PreparedFolder.landmarksHeader)
    for r in rows {
      csv.append(
        [r.id] + r.landmarks.flatMap { p in [p.x, p.y].map { String(format: "%.2f", $0) } })
    }
    return csv
  }

  static func write(_ data: Data, to url: URL) throws {
    do { try data.write(to: url, options: .atomic) } catch {
      throw DemoCohortError.unwritable(path: url.path, reason: CSVFile.reason(error))
    }
  }

  /// Results of the parallel loop, filled from many threads.
  final class RecordTable: @unchecked Sendable {
    private let lock = NSLock()
    private var records: [Record?]
    private var done = 0
    private(set) var firstError: Error?

    init(count: Int) { records = Array(repeating: nil, count: count) }

    /// Stores a record and returns how many are done.
    func store(_ index: Int, _ record: Record) -> Int {
      lock.lock()
      defer { lock.unlock() }
      records[index] = record
      done += 1
      return done
    }

    func fail(_ error: Error) {
      lock.lock()
      defer { lock.unlock() }
      if firstError == nil { firstError = error }
    }

    var all: [Record] {
      lock.lock()
      defer { lock.unlock() }
      return records.compactMap { $0 }
    }
  }
}

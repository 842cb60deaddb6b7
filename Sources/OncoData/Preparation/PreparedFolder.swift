import Foundation
import OncoFace
import OncoImage

/// The layout of a prepared folder, which training, the demo cohort and the workbench read:
///
///     DIR/chips/<id>.png     the aligned chip (size×size RGB)
///     DIR/masked/<id>.png    the chip with the background black
/// DIR/landmarks.csv      id,x0,y0,…,x67,y67 — 68 landmarks in chip pixels, one row per ok photo
///     DIR/prepared.csv       every input row's columns, then id,chip,outcome,reason — one row per
///                            input row, failures included; outcome ok | no_face | several_faces |
///                            unreadable; chip is chips/<id>.png when ok, empty otherwise
///
/// An input column already named id, chip, outcome or reason is kept as input_id (and so on).
/// Every file is written atomically: a crash never leaves a torn PNG or CSV.
public struct PreparedFolder: Sendable {
  public let url: URL

  public init(_ url: URL) { self.url = url }

  public var chips: URL { url.appendingPathComponent("chips") }
  public var masked: URL { url.appendingPathComponent("masked") }
  public var landmarksFile: URL { url.appendingPathComponent("landmarks.csv") }
  public var preparedFile: URL { url.appendingPathComponent("prepared.csv") }

  /// The columns prepare adds after the input's own.
  public static let addedColumns = ["id", "chip", "outcome", "reason"]

  /// The header of landmarks.csv.
  public static let landmarksHeader = ["id"] + (0..<68).flatMap { ["x\($0)", "y\($0)"] }

  /// Creates the folders, and removes what writers killed mid-write left in them
  /// (`AtomicWrite.removeLeftovers`).
  func create() throws {
    for folder in [url, chips, masked, url.appendingPathComponent(".cache")] {
      do {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
      } catch {
        throw CSVError.cannotWrite(file: folder.path, reason: CSVFile.reason(error))
      }
      AtomicWrite.removeLeftovers(in: folder)
    }
  }

  func chipPath(id: String) -> String { "chips/\(id).png" }

  func hasChips(id: String) -> Bool {
    FileManager.default.fileExists(atPath: chips.appendingPathComponent(id + ".png").path)
      && FileManager.default.fileExists(atPath: masked.appendingPathComponent(id + ".png").path)
  }

  func writeChips(id: String, face: AlignedFace) throws {
    try face.chip.writePNG(to: chips.appendingPathComponent(id + ".png"))
    try face.maskedChip.writePNG(to: masked.appendingPathComponent(id + ".png"))
  }

  /// Removes the PNGs an earlier run left for `id` (the photo no longer aligns).
  func removeChips(id: String) {
    try? FileManager.default.removeItem(at: chips.appendingPathComponent(id + ".png"))
    try? FileManager.default.removeItem(at: masked.appendingPathComponent(id + ".png"))
  }

  /// The input's column names as prepared.csv keeps them: a name prepare adds (id, chip, outcome,
  /// reason) gets an `input_` prefix, repeated until it clashes with no other column, so preparing a
  /// prepared.csv (whose input_id column already exists) loses nothing and writes no duplicate.
  static func renamedInputColumns(_ columns: [String]) -> [String] {
    let added = Set(addedColumns)
    var taken = Set(columns.map { $0.lowercased() }).union(added)
    return columns.map { column in
      guard added.contains(column.lowercased()) else { return column }
      var name = "input_" + column
      while taken.contains(name.lowercased()) { name = "input_" + name }
      taken.insert(name.lowercased())
      return name
    }
  }

  /// Writes prepared.csv and landmarks.csv for `results` (one per input item, in order).
  func writeTables(input: PreparationInput, results: [PreparationResult]) throws {
    let inputColumns = PreparedFolder.renamedInputColumns(input.columns)
    var prepared = CSVWriter(header: inputColumns + PreparedFolder.addedColumns)
    var landmarks = CSVWriter(header: PreparedFolder.landmarksHeader)
    for (item, result) in zip(input.items, results) {
      let ok = result.outcome == .ok
      let chip = ok ? chipPath(id: item.id) : ""
      prepared.append(item.values + [item.id, chip, result.outcome.rawValue, result.reason])
      if ok {
        landmarks.append([item.id] + result.landmarks.map { String(format: "%.2f", $0) })
      }
    }
    try landmarks.write(to: landmarksFile)
    try prepared.write(to: preparedFile)
  }
}

import Foundation
import OncoData
import OncoImage

/// A data set as the workbench shows it: its rows for the Data screen, and where each face's
/// images are, read from a prepared folder (prepared.csv, chips/, masked/, landmarks.csv; the demo
/// cohort is one) or from a manifest / folder of photos that is not prepared yet.
struct DataSet: Sendable {
  /// Where a face's pictures are.
  struct Images: Sendable {
    var chip: URL?
    var masked: URL?
    /// The original photo (a data set that is not prepared shows it instead of a chip).
    var photo: URL?
    var landmarks: [(x: Double, y: Double)]
  }

  var url: URL
  var model: DataScreen.Model
  var images: [String: Images]
  /// Whether chips exist (a prepared folder) or only photos.
  var isPrepared: Bool
  /// The label values, positive-looking first ("case"), for the training form.
  var labels: [String]

  /// Reads `url`: a prepared folder (it holds prepared.csv), a manifest CSV or a folder of photos
  /// with one sub-folder per label.
  static func read(_ url: URL) throws -> DataSet {
    let prepared = PreparedFolder(url)
    if FileManager.default.fileExists(atPath: prepared.preparedFile.path) {
      return try readPrepared(prepared)
    }
    let manifest = try Manifest.load(url)
    var ids = PhotoIdentifier()
    var faces: [DataScreen.Face] = []
    var images: [String: Images] = [:]
    for row in manifest.rows {
      let id = ids.make(stem: PhotoIdentifier.stem(ofFileName: row.url.lastPathComponent))
      faces.append(face(id: id, row: row, outcome: "not prepared", prepared: false))
      images[id] = Images(photo: row.url, landmarks: [])
    }
    return DataSet(
      url: url, model: model(url, faces, manifest.issues.map(\.description)), images: images,
      isPrepared: false, labels: orderedLabels(manifest.labels))
  }

  private static func readPrepared(_ folder: PreparedFolder) throws -> DataSet {
    let manifest = try Manifest(
      contentsOf: folder.preparedFile, options: ManifestOptions(checkFiles: false))
    let landmarks = (try? readLandmarks(folder.landmarksFile)) ?? [:]
    var faces: [DataScreen.Face] = []
    var images: [String: Images] = [:]
    for row in manifest.rows {
      let id = row["id"] ?? PhotoIdentifier.stem(ofFileName: row.url.lastPathComponent)
      let outcome = row["outcome"] ?? ""
      let ok = outcome == "ok"
      let shown =
        ok
        ? "ok" : outcome.isEmpty ? "not prepared" : outcome.replacingOccurrences(of: "_", with: " ")
      faces.append(face(id: id, row: row, outcome: shown, prepared: ok))
      images[id] = Images(
        chip: ok ? folder.chips.appendingPathComponent(id + ".png") : nil,
        masked: ok ? folder.masked.appendingPathComponent(id + ".png") : nil,
        photo: row.url, landmarks: landmarks[id] ?? [])
    }
    return DataSet(
      url: folder.url, model: model(folder.url, faces, manifest.issues.map(\.description)),
      images: images, isPrepared: true, labels: orderedLabels(manifest.labels))
  }

  private static func face(id: String, row: ManifestRow, outcome: String, prepared: Bool)
    -> DataScreen.Face
  {
    DataScreen.Face(
      id: id, label: row.label ?? "–", sex: row.sex?.rawValue ?? "",
      age: row.age.map { Int($0.rounded()) }, outcome: outcome, prepared: prepared)
  }

  private static func model(_ url: URL, _ faces: [DataScreen.Face], _ problems: [String])
    -> DataScreen.Model
  {
    DataScreen.Model(
      name: url.deletingPathExtension().lastPathComponent, source: url.path, faces: faces,
      problems: problems)
  }

  /// Positive-looking labels first ("case", then the rest in order).
  static func orderedLabels(_ labels: [String]) -> [String] {
    labels.filter { $0.lowercased() == "case" } + labels.filter { $0.lowercased() != "case" }
  }

  /// landmarks.csv: id,x0,y0,…,x67,y67.
  static func readLandmarks(_ url: URL) throws -> [String: [(x: Double, y: Double)]] {
    let csv = try CSVFile(contentsOf: url)
    var result: [String: [(x: Double, y: Double)]] = [:]
    for record in csv.records where record.problem == nil && record.fields.count >= 3 {
      let numbers = record.fields.dropFirst().compactMap(Double.init)
      guard numbers.count == record.fields.count - 1, numbers.count % 2 == 0 else { continue }
      result[record.fields[0]] = stride(from: 0, to: numbers.count, by: 2).map {
        (numbers[$0], numbers[$0 + 1])
      }
    }
    return result
  }

  /// The preview of face `id`: its chip, masked chip and landmarks, or the photo when the data set
  /// is not prepared. Decodes PNG/JPEG: call it off the main queue.
  func preview(id: String) -> DataScreen.Preview {
    guard let images = images[id] else {
      return DataScreen.Preview(id: id, chip: nil, note: "unknown face")
    }
    if let chip = images.chip {
      do {
        let image = try RGBImage(contentsOf: chip.path)
        let masked = images.masked.flatMap { try? RGBImage(contentsOf: $0.path) }
        return DataScreen.Preview(
          id: id, chip: image, maskedChip: masked, landmarks: images.landmarks)
      } catch {
        return DataScreen.Preview(id: id, chip: nil, note: "chip unreadable")
      }
    }
    if let photo = images.photo, let image = try? RGBImage(contentsOf: photo.path) {
      return DataScreen.Preview(
        id: id, chip: DataSet.shrunk(image, to: 300), maskedChip: nil,
        note: "photo (not prepared)")
    }
    return DataScreen.Preview(
      id: id, chip: nil, note: isPrepared ? "no chip: not prepared" : "photo unreadable")
  }

  /// The image scaled down (box filter) so its longer side is at most `side`: a camera photo is
  /// drawn every frame, a chip-sized copy keeps that cheap.
  static func shrunk(_ image: RGBImage, to side: Int) -> RGBImage {
    let longer = max(image.width, image.height)
    guard longer > side else { return image }
    return ImageView.resample(
      image, width: max(1, image.width * side / longer),
      height: max(1, image.height * side / longer))
  }
}

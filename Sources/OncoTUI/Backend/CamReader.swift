import Foundation
import OncoData
import OncoFace
import OncoImage
import OncoWorkbench

/// Reads one face's saved Grad-CAM for the Mistakes screen: the overlay PNG, the paths of the
/// three PNGs and the region shares, from cam.csv when `oncoface cam` wrote a row for the face, else
/// computed from the saved Grad-CAM map and the face's landmarks. Decodes PNGs: call it off the
/// main queue.
enum CamReader {
  /// The view of `files`; `landmarks` are the face's 68 points in chip pixels (no shares without
  /// them). `useTable: false` ignores cam.csv (after a recomputation).
  static func view(of files: CamFiles, landmarks: [(x: Double, y: Double)], useTable: Bool = true)
    throws
    -> MistakesScreen.CamView
  {
    let overlay = try RGBImage(contentsOf: files.overlay.path)
    let paths = [files.overlay, files.gradCAM, files.guided]
      .filter { FileManager.default.fileExists(atPath: $0.path) }
      .map(SessionReader.displayPath)
    let table =
      useTable ? tableShares(id: files.id, in: files.folder.appendingPathComponent("cam.csv")) : nil
    let shares = table ?? computedShares(files.gradCAM, landmarks: landmarks) ?? []
    return MistakesScreen.CamView(overlay: overlay, regionShares: shares, paths: paths)
  }

  /// The region columns of face `id`'s row in cam.csv (`id,label,probability,predicted,skin,…`);
  /// nil without the file, the row or the columns.
  static func tableShares(id: String, in url: URL) -> [(String, Double)]? {
    guard let csv = try? CSVFile(contentsOf: url) else { return nil }
    let header = csv.header.map { $0.lowercased() }
    guard let idColumn = header.firstIndex(of: "id"),
      let record = csv.records.first(where: {
        $0.problem == nil && $0.fields.count == header.count && $0.fields[idColumn] == id
      })
    else { return nil }
    var shares: [(String, Double)] = []
    for region in FaceRegion.allCases {
      guard let column = header.firstIndex(of: region.name),
        let share = Double(record.fields[column])
      else {
        return nil
      }
      shares.append((region.name, share))
    }
    return shares
  }

  /// The share of the saved Grad-CAM map's mass in each face region (`FaceRegionMap`, as
  /// `oncoface cam` computes them, here from the 8-bit map); nil without 68 landmarks or the map.
  static func computedShares(_ map: URL, landmarks: [(x: Double, y: Double)]) -> [(String, Double)]?
  {
    guard landmarks.count == 68, let image = try? RGBImage(contentsOf: map.path) else { return nil }
    var heat = [Float](repeating: 0, count: image.width * image.height)
    for i in heat.indices { heat[i] = Float(image.pixels[3 * i]) / 255 }
    let face = FaceLandmarks(points: landmarks.map { Point(x: $0.x, y: $0.y) })
    let shares = FaceRegionMap(landmarks: face, width: image.width, height: image.height).shares(
      of: heat)
    return FaceRegion.allCases.map { ($0.name, shares[$0] ?? 0) }
  }
}

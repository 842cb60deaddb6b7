import Foundation
import OncoData
import OncoFace
import OncoImage

/// Reads what `oncoface faces PREPARED --out DIR` wrote into the Faces screen's model: the average
/// face of each group (average-<group>.png) and the measures per group with the test against the
/// reference group (group-comparison.csv). Decodes PNGs: call it off the main queue.
enum FacesReader {
  static func read(_ folder: URL) throws -> FacesScreen.Model {
    let csv = try CSVFile(contentsOf: folder.appendingPathComponent("group-comparison.csv"))
    let header = csv.header.map { $0.lowercased() }
    func column(_ name: String) -> Int? { header.firstIndex(of: name) }
    guard let measure = column("measure"), let group = column("group"), let n = column("n"),
      let mean = column("mean"), let sd = column("sd")
    else {
      throw CSVError.cannotRead(
        file: folder.appendingPathComponent("group-comparison.csv").path,
        reason: "expected the columns measure, group, n, mean, sd")
    }
    let p = column("p")
    var groups: [String] = []
    var counts: [String: Int] = [:]
    var measures: [String] = []
    var values: [String: [String: (Double, Double)]] = [:]
    var pValues: [String: Double] = [:]
    var meanings: [String: String] = [:]
    for record in csv.records where record.problem == nil && record.fields.count == header.count {
      let f = record.fields
      let kind = FaceMeasure(rawValue: f[measure])
      let name = kind?.title ?? f[measure]
      meanings[name] = kind?.meaning ?? ""
      if !groups.contains(f[group]) { groups.append(f[group]) }
      if !measures.contains(name) { measures.append(name) }
      counts[f[group]] = Int(f[n])
      values[name, default: [:]][f[group]] = (Double(f[mean]) ?? .nan, Double(f[sd]) ?? .nan)
      if let p, let value = Double(f[p]) { pValues[name] = min(pValues[name] ?? 1, value) }
    }
    let images = averageImages(in: folder)
    return FacesScreen.Model(
      groups: groups.enumerated().map { i, name in
        FacesScreen.Group(
          name: name, count: counts[name] ?? 0,
          average: images[name] ?? images[SessionReader.safeName(name)] ?? nil)
      },
      measures: measures.map { name in
        FacesScreen.Measure(
          name: name, means: groups.map { values[name]?[$0]?.0 ?? .nan },
          deviations: groups.map { values[name]?[$0]?.1 ?? .nan }, p: pValues[name],
          meaning: meanings[name] ?? "")
      },
      source: SessionReader.displayPath(folder))
  }

  /// average-<slug>.png → image, by slug.
  private static func averageImages(in folder: URL) -> [String: RGBImage] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
    var images: [String: RGBImage] = [:]
    for name in names
    where name.hasPrefix("average-") && name.hasSuffix(".png") && name != "average-faces.png" {
      let key = String(name.dropFirst("average-".count).dropLast(".png".count))
      images[key] = try? RGBImage(contentsOf: folder.appendingPathComponent(name).path)
    }
    return images
  }

  /// Whether `folder` holds what `oncoface faces` writes.
  static func exists(_ folder: URL) -> Bool {
    FileManager.default.fileExists(
      atPath: folder.appendingPathComponent("group-comparison.csv").path)
  }
}

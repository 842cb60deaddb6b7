import OncoFace
import OncoImage
import OncoNN

/// The mean Grad-CAM map of a class over its average face.
///
/// Chips are aligned, but faces still differ in shape: each face's map is warped onto the class's
/// mean shape by the same piecewise-affine warp that makes the average face (`AverageFace`), so
/// that a map hot on every face's cheeks is hot on the average face's cheeks. The mean is divided
/// by its maximum (values in [0, 1]).
///
///     var average = try ClassAverageMap(shapes: faces.map(\.landmarks), width: 150, height: 150)
///     for face in faces { try average.add(face.maps, landmarks: face.landmarks) }
///     try average.overlay.writePNG(to: url)
public struct ClassAverageMap: Sendable {
  public private(set) var face: AverageFace
  private var sums: [Double]

  /// Prepares the average of faces whose landmarks (chip pixels) are `shapes`.
  public init(shapes: [[SIMD2<Double>]], width: Int, height: Int) throws {
    face = try AverageFace(shapes: shapes, width: width, height: height)
    sums = [Double](repeating: 0, count: width * height)
  }

  /// The number of faces added.
  public var count: Int { face.count }

  /// Adds one face: its chip to the average face and its map, warped alike, to the mean map.
  public mutating func add(chip: RGBImage, map: HeatMap, landmarks: [SIMD2<Double>]) throws {
    try face.add(chip, landmarks: landmarks)
    let warp = face.warp
    let source = landmarks + face.borderPoints
    for y in 0..<warp.height {
      for x in 0..<warp.width {
        let s = warp.sourcePoint(x: x, y: y, source: source)
        sums[y * warp.width + x] += ClassAverageMap.sample(map, at: s)
      }
    }
  }

  /// The mean map, divided by its maximum.
  public var map: HeatMap {
    let n = Double(max(1, count))
    return HeatMap(
      width: face.warp.width, height: face.warp.height, values: sums.map { Float($0 / n) }
    ).normalized()
  }

  /// The mean map in jet, blended at 0.5 over the average face.
  public var overlay: RGBImage { OncoImage.overlay(heat: map.values, on: face.image, alpha: 0.5) }

  /// Bilinear value of `map` at `p` (pixel centres at integers; the edge repeats outside).
  static func sample(_ map: HeatMap, at p: SIMD2<Double>) -> Double {
    let x = min(max(p.x, 0), Double(map.width - 1))
    let y = min(max(p.y, 0), Double(map.height - 1))
    let x0 = Int(x)
    let y0 = Int(y)
    let x1 = min(x0 + 1, map.width - 1)
    let y1 = min(y0 + 1, map.height - 1)
    let ax = x - Double(x0)
    let ay = y - Double(y0)
    let top = Double(map[x0, y0]) * (1 - ax) + Double(map[x1, y0]) * ax
    let bottom = Double(map[x0, y1]) * (1 - ax) + Double(map[x1, y1]) * ax
    return top * (1 - ay) + bottom * ay
  }
}

import CFaceAlign
import OncoImage

/// dlib's HOG frontal face detector. Not thread-safe: each thread (each worker) makes its own.
///
/// The detector's smallest face is about 80×80 pixels, so the photo is first doubled `upsample`
/// times (as dlib's Python API does). To bound time and memory on large photos, the image the
/// detector scans never exceeds `maxPixels`: upsampling steps that would pass it are skipped, and
/// a photo already above it is scanned at a reduced size (faces in such photos are large). Boxes
/// always come back in the photo's own coordinates.
public final class FaceDetector {
  private let handle: OpaquePointer

  public init() throws {
    var handle: OpaquePointer?
    let status = cfa_detector_create(&handle)
    guard status == CFA_OK, let handle else {
      throw FaceError.dlib(String(cString: cfa_last_error()))
    }
    self.handle = handle
  }

  deinit { cfa_detector_destroy(handle) }

  /// The faces in `image`, best score first.
  public func detect(in image: RGBImage, upsample: Int = 1, threshold: Double = 0,
                     maxPixels: Int = 4_000_000) throws -> [DetectedFace] {
    guard image.width > 0, image.height > 0 else { return [] }
    let pixels = image.width * image.height
    var steps = 0
    while steps < max(0, upsample), pixels << (2 * (steps + 1)) <= maxPixels { steps += 1 }
    var scanned = image
    var factor = 1.0
    if pixels > maxPixels {
      factor = (Double(maxPixels) / Double(pixels)).squareRoot()
      scanned = image.resized(width: max(1, Int(Double(image.width) * factor)),
                              height: max(1, Int(Double(image.height) * factor)))
      factor = Double(scanned.width) / Double(image.width)
    }
    var faces = [cfa_face](repeating: cfa_face(), count: 32)
    var count: Int32 = 0
    let status = scanned.pixels.withUnsafeBufferPointer { rgb in
      cfa_detect_faces(handle, rgb.baseAddress, Int32(scanned.width), Int32(scanned.height),
                       Int32(steps), threshold, &faces, Int32(faces.count), &count)
    }
    guard status == CFA_OK else { throw FaceError.dlib(String(cString: cfa_last_error())) }
    return faces.prefix(Int(min(count, Int32(faces.count)))).map {
      DetectedFace(box: FaceBox(left: $0.left, top: $0.top, right: $0.right, bottom: $0.bottom)
                     .scaled(by: 1 / factor),
                   score: $0.score)
    }
  }
}

import CFaceAlign
import OncoImage

/// dlib's 68-landmark shape predictor. Loading takes ~0.5 s and ~100 MB, so load it once
/// (`LandmarkModel.shared()`) and share it: it is only read after loading, by any number of
/// threads.
public final class LandmarkModel: @unchecked Sendable {
  /// Where Debian's libdlib-data puts the model (trained on iBUG 300-W: non-commercial terms).
  public static let defaultPath = "/usr/share/dlib/shape_predictor_68_face_landmarks.dat"

  private let handle: OpaquePointer

  /// Loads a shape-predictor file with 68 landmarks.
  public init(contentsOf path: String = LandmarkModel.defaultPath) throws {
    var handle: OpaquePointer?
    let status = cfa_landmark_model_load(path, &handle)
    guard status == CFA_OK, let handle else {
      throw FaceError.modelUnavailable(path: path, reason: String(cString: cfa_last_error()))
    }
    guard cfa_landmark_model_points(handle) == 68 else {
      cfa_landmark_model_destroy(handle)
      throw FaceError.modelUnavailable(path: path, reason: "not a 68-landmark model")
    }
    self.handle = handle
  }

  deinit { cfa_landmark_model_destroy(handle) }

  private static let standard: Result<LandmarkModel, FaceError> = {
    do { return .success(try LandmarkModel()) } catch let error as FaceError {
      return .failure(error)
    } catch { return .failure(.dlib("\(error)")) }
  }()

  /// The model at `defaultPath`, loaded on first use and then shared by the whole process.
  public static func shared() throws -> LandmarkModel { try standard.get() }

  /// The 68 landmarks of the face in `box` (photo coordinates in, photo coordinates out).
  public func landmarks(in image: RGBImage, box: FaceBox) throws -> FaceLandmarks {
    var xy = [Double](repeating: 0, count: 136)
    let face = cfa_face(left: box.left, top: box.top, right: box.right, bottom: box.bottom,
                        score: 0)
    let status = image.pixels.withUnsafeBufferPointer { rgb in
      cfa_find_landmarks(handle, rgb.baseAddress, Int32(image.width), Int32(image.height), face,
                         &xy)
    }
    guard status == CFA_OK else { throw FaceError.dlib(String(cString: cfa_last_error())) }
    return FaceLandmarks(points: (0..<68).map { Point(x: xy[2 * $0], y: xy[2 * $0 + 1]) })
  }
}

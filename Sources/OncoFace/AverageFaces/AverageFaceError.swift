/// Why a mean shape, a triangulation, a warp or an average face could not be made.
public enum AverageFaceError: Error, CustomStringConvertible, Equatable, Sendable {
  /// No shapes (or no faces) were given.
  case noShapes
  /// Shapes with different numbers of points.
  case pointCountMismatch(expected: Int, got: Int, shape: Int)
  /// A shape with too few points, a NaN or infinite coordinate, or all points in one place.
  case degenerateShape(shape: Int, reason: String)
  /// Fewer than three distinct points, or all of them on one line: nothing to triangulate.
  case cannotTriangulate(reason: String)
  /// A chip whose size differs from the average face's.
  case chipSizeMismatch(expected: String, got: String)

  public var description: String {
    switch self {
    case .noShapes:
      return "no landmark shapes were given: an average face needs at least one face"
    case .pointCountMismatch(let expected, let got, let shape):
      return "shape \(shape) has \(got) points, the others \(expected): every face needs the same "
        + "landmark scheme (68 iBUG points)"
    case .degenerateShape(let shape, let reason):
      return "shape \(shape) cannot be aligned: \(reason); check its row in landmarks.csv"
    case .cannotTriangulate(let reason):
      return "cannot triangulate the mean shape: \(reason)"
    case .chipSizeMismatch(let expected, let got):
      return
        "chip is \(got) pixels, the average face \(expected): prepare all faces with one chip size"
    }
  }
}

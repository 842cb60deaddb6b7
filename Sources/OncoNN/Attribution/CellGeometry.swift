/// Where the cells of a layer's map sit in the input image: cell j (along either axis) is centred
/// on input pixel `origin + spacing·j` (pixel centres at integers), the centre of its receptive
/// field.
///
/// A convolution or pooling window of size k, stride s and padding p maps cell j to the window
/// starting at s·j − p, whose centre is s·j − p + (k − 1)/2 cells of its input. Composed from the
/// input to the layer this gives, e.g., origin 0 and spacing 32 at stage4 of a torchvision-style
/// ResNet (padded: cell j sits at pixel 32j, not at 32j + 16 as stretching the map over the image
/// would put it), and origin 25, spacing 32 at stage4 of dlib's unpadded face ResNet.
public struct CellGeometry: Sendable, Equatable {
  public var origin: Double
  public var spacing: Double

  public init(origin: Double, spacing: Double) {
    self.origin = origin
    self.spacing = spacing
  }

  /// The input itself.
  public static let identity = CellGeometry(origin: 0, spacing: 1)

  /// The geometry after a window of `kernel`, `stride` and `padding`.
  func window(kernel: Int, stride: Int, padding: Int) -> CellGeometry {
    CellGeometry(
      origin: origin + spacing * (Double(kernel - 1) / 2 - Double(padding)),
      spacing: spacing * Double(stride))
  }

  /// The input pixel at the centre of cell `index`.
  public func centre(of index: Int) -> Double { origin + spacing * Double(index) }
}

extension Network {
  /// The geometry of the output of layer or boundary `name`, from the layers' windows; needs a
  /// forward pass that computed it (a residual add takes the geometry of its input that has the
  /// output's size, as the shortcut of dlib's downsampling blocks does).
  public func cellGeometry(of name: String) throws -> CellGeometry {
    let target = try boundaryIndex(name)
    var geometry = [CellGeometry](repeating: .identity, count: target + 1)
    for i in 0...target {
      let node = nodes[i]
      func from(_ j: Int) -> CellGeometry { j < 0 ? .identity : geometry[j] }
      switch node.layer {
      case let conv as Conv2d:
        geometry[i] = from(node.inputs[0]).window(
          kernel: conv.kernel, stride: conv.stride, padding: conv.padding)
      case let pool as any PoolingLayer:
        let g = pool.geometry
        geometry[i] = from(node.inputs[0]).window(
          kernel: g.kernel, stride: g.stride, padding: g.padding)
      default:
        let size = node.output.shape
        let matching = node.inputs.first { j in
          j >= 0 && nodes[j].output.shape.h == size.h && nodes[j].output.shape.w == size.w
        }
        geometry[i] = from(matching ?? node.inputs[0])
      }
    }
    return geometry[target]
  }
}

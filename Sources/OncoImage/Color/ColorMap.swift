/// Colour maps for heat maps (Grad-CAM) and charts: a value in [0, 1] to an RGB colour.
///
///     let colour = ColorMap.viridis.color(at: 0.8)
public enum ColorMap: String, Sendable, CaseIterable {
  /// MATLAB's and matplotlib's jet: dark blue → cyan → yellow → dark red (matplotlib's segments).
  case jet
  /// matplotlib's perceptually uniform viridis (the 256-entry table, CC0, by van der Walt and
  /// Smith).
  case viridis
  /// Black → white.
  case grey

  /// The colour of `value`; values outside [0, 1] are clamped, NaN counts as 0.
  public func color(at value: Float) -> (r: UInt8, g: UInt8, b: UInt8) {
    let t = value.isNaN ? 0 : min(1, max(0, value))
    switch self {
    case .grey:
      let v = UInt8((t * 255).rounded())
      return (v, v, v)
    case .viridis:
      let i = Int((t * 255).rounded())
      return (
        ColorMap.viridisTable[3 * i], ColorMap.viridisTable[3 * i + 1],
        ColorMap.viridisTable[3 * i + 2]
      )
    case .jet:
      let r = ColorMap.piecewise(t, [(0, 0), (0.35, 0), (0.66, 1), (0.89, 1), (1, 0.5)])
      let g = ColorMap.piecewise(t, [(0, 0), (0.125, 0), (0.375, 1), (0.64, 1), (0.91, 0), (1, 0)])
      let b = ColorMap.piecewise(t, [(0, 0.5), (0.11, 1), (0.34, 1), (0.65, 0), (1, 0)])
      return (UInt8((r * 255).rounded()), UInt8((g * 255).rounded()), UInt8((b * 255).rounded()))
    }
  }

  /// Linear interpolation through (position, value) knots sorted by position.
  private static func piecewise(_ t: Float, _ knots: [(Float, Float)]) -> Float {
    for k in 1..<knots.count where t <= knots[k].0 {
      let (x0, y0) = knots[k - 1]
      let (x1, y1) = knots[k]
      return y0 + (y1 - y0) * (t - x0) / (x1 - x0)
    }
    return knots[knots.count - 1].1
  }

  /// viridis as 256 RGB triples, from matplotlib's `_viridis_data` rounded to 8 bits.
  private static let viridisTable: [UInt8] = {
    let hex = [
      "44015444025645045745055946075a46085c460a5d460b5e470d60470e61471063471164471365481467481668",
      "48176948186a481a6c481b6d481c6e481d6f481f70482071482173482374482475482576482677482878482979",
      "472a7a472c7a472d7b472e7c472f7d46307e46327e46337f463480453581453781453882443983443a83443b84",
      "433d84433e85423f854240864241864142874144874045884046883f47883f48893e49893e4a893e4c8a3d4d8a",
      "3d4e8a3c4f8a3c508b3b518b3b528b3a538b3a548c39558c39568c38588c38598c375a8c375b8d365c8d365d8d",
      "355e8d355f8d34608d34618d33628d33638d32648e32658e31668e31678e31688e30698e306a8e2f6b8e2f6c8e",
      "2e6d8e2e6e8e2e6f8e2d708e2d718e2c718e2c728e2c738e2b748e2b758e2a768e2a778e2a788e29798e297a8e",
      "297b8e287c8e287d8e277e8e277f8e27808e26818e26828e26828e25838e25848e25858e24868e24878e23888e",
      "23898e238a8d228b8d228c8d228d8d218e8d218f8d21908d21918c20928c20928c20938c1f948c1f958b1f968b",
      "1f978b1f988b1f998a1f9a8a1e9b8a1e9c891e9d891f9e891f9f881fa0881fa1881fa1871fa28720a38620a486",
      "21a58521a68522a78522a88423a98324aa8325ab8225ac8226ad8127ad8128ae8029af7f2ab07f2cb17e2db27d",
      "2eb37c2fb47c31b57b32b67a34b67935b77937b87838b9773aba763bbb753dbc743fbc7340bd7242be7144bf70",
      "46c06f48c16e4ac16d4cc26c4ec36b50c46a52c56954c56856c66758c7655ac8645cc8635ec96260ca6063cb5f",
      "65cb5e67cc5c69cd5b6ccd5a6ece5870cf5773d05675d05477d1537ad1517cd2507fd34e81d34d84d44b86d549",
      "89d5488bd6468ed64590d74393d74195d84098d83e9bd93c9dd93ba0da39a2da37a5db36a8db34aadc32addc30",
      "b0dd2fb2dd2db5de2bb8de29bade28bddf26c0df25c2df23c5e021c8e020cae11fcde11dd0e11cd2e21bd5e21a",
      "d8e219dae319dde318dfe318e2e418e5e419e7e419eae51aece51befe51cf1e51df4e61ef6e620f8e621fbe723",
      "fde725",
    ].joined()
    var bytes: [UInt8] = []
    var i = hex.startIndex
    while i < hex.endIndex {
      let j = hex.index(i, offsetBy: 2)
      bytes.append(UInt8(hex[i..<j], radix: 16)!)
      i = j
    }
    return bytes
  }()
}

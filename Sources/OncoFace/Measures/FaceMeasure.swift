/// The four landmark measures of facial shape and adiposity, with their column names and meanings.
///
/// Indices are the dlib iBUG-68 scheme (0–16 jaw outline from the image's left to its right,
/// 17–26 brows, 27–35 nose, 36–47 eyes, 48–67 mouth). Widths are measured along the eye line
/// (the direction from the mean of 36–41 to the mean of 42–47) and heights across it, so a small
/// head roll does not change them. See `LandmarkMeasures` for the exact definitions.
public enum FaceMeasure: String, CaseIterable, Sendable, Codable {
  /// Facial width-to-height ratio (Carré & McCormick 2008).
  case widthToHeight = "fwhr"
  /// Cheek-to-jaw width ratio (Coetzee et al. 2009).
  case cheekToJaw = "cjwr"
  /// Perimeter-to-area ratio of the jaw outline (Coetzee et al. 2009), per interocular distance.
  case perimeterToArea = "par"
  /// Lower-face width over face height.
  case lowerFaceWidthToHeight = "lfw_fh"

  /// The short name used in tables.
  public var title: String {
    switch self {
    case .widthToHeight: return "fWHR"
    case .cheekToJaw: return "CJWR"
    case .perimeterToArea: return "PAR"
    case .lowerFaceWidthToHeight: return "LFW/FH"
    }
  }

  /// One line on what the measure is.
  public var meaning: String {
    switch self {
    case .widthToHeight: return "bizygomatic width / upper-face height (eyelids to upper lip)"
    case .cheekToJaw: return "cheek (bizygomatic) width / jaw width"
    case .perimeterToArea: return "jaw-outline perimeter / area, in interocular distances"
    case .lowerFaceWidthToHeight: return "lower-face width / face height (nasion to chin)"
    }
  }
}

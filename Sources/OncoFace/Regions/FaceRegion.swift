/// The parts of a face chip that region attribution reports on. Every chip pixel belongs to
/// exactly one of them (see `FaceRegionMap` for how each is drawn from the 68 landmarks).
public enum FaceRegion: Int, CaseIterable, Sendable, Comparable, CustomStringConvertible {
  /// The facial skin: cheeks, chin, jaw, temples, upper lip, between the brows — the face outline
  /// without the parts below.
  case skin
  /// The band from the top of the eyebrows up to the estimated hairline of the background mask.
  case forehead
  case eyes
  case brows
  case nose
  case mouth
  /// Everything outside the face outline of the background mask (hair, ears, neck, background).
  case outside

  /// The column name in cam.csv and in the region table ("skin", "forehead", …).
  public var name: String {
    switch self {
    case .skin: return "skin"
    case .forehead: return "forehead"
    case .eyes: return "eyes"
    case .brows: return "brows"
    case .nose: return "nose"
    case .mouth: return "mouth"
    case .outside: return "outside"
    }
  }

  public var description: String { name }

  public static func < (a: FaceRegion, b: FaceRegion) -> Bool { a.rawValue < b.rawValue }
}

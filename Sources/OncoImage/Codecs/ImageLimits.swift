/// Limits that protect a batch from hostile or absurd images.
public enum ImageLimits {
  /// Images with more pixels than this are refused from their header, before any decoding:
  /// 50 megapixels, above any camera photo a study would hold, below what would exhaust memory.
  public static let maximumPixels = 50_000_000
}

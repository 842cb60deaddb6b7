/// Makes the `id` of each photo of a preparation: its file stem, made filesystem-safe and unique.
///
/// Safe: letters, digits, `.`, `_` and `-` of ASCII are kept, every other character (spaces,
/// accents, bytes that are not UTF-8) becomes `_`; a leading `.` becomes `_` (no hidden files); at
/// most 80 characters. Unique: the second `photo` becomes `photo-2`, the third `photo-3`, compared
/// ignoring case (for case-insensitive file systems).
///
///     var ids = PhotoIdentifier()
///     ids.make(stem: "Anna Müller")   // "Anna_M_ller"
///     ids.make(stem: "anna_m_ller")   // "anna_m_ller-2"
public struct PhotoIdentifier: Sendable {
  private var taken: Set<String> = []

  public init() {}

  /// The id for a file whose name without extension is `stem`.
  public mutating func make(stem: String) -> String {
    var safe = String(stem.unicodeScalars.map { scalar -> Character in
      let ok = scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
        || scalar == "." || scalar == "_" || scalar == "-")
      return ok ? Character(scalar) : "_"
    }.prefix(80))
    if safe.hasPrefix(".") { safe = "_" + safe.dropFirst() }
    if safe.isEmpty { safe = "photo" }
    var id = safe
    var n = 1
    while taken.contains(id.lowercased()) {
      n += 1
      id = "\(safe)-\(n)"
    }
    taken.insert(id.lowercased())
    return id
  }

  /// The stem of a file name: the name without its last extension (`a.jpg.chip.jpg` →
  /// `a.jpg.chip`).
  public static func stem(ofFileName name: String) -> String {
    guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return name }
    return String(name[..<dot])
  }
}

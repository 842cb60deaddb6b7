import Foundation

/// Local-time stamps for folder names and log lines (fixed formats, no locale involved).
enum LocalTime {
  /// `yyyyMMdd-HHmmss`, the start of a session folder's name.
  static func folderStamp(_ date: Date) -> String { format(date, "%04d%02d%02d-%02d%02d%02d") }

  /// `yyyy-MM-dd HH:mm:ss`, the start of a log line.
  static func logStamp(_ date: Date) -> String { format(date, "%04d-%02d-%02d %02d:%02d:%02d") }

  private static func format(_ date: Date, _ pattern: String) -> String {
    var t = time_t(date.timeIntervalSince1970.rounded(.down))
    var parts = tm()
    localtime_r(&t, &parts)
    return String(
      format: pattern, parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday, parts.tm_hour,
      parts.tm_min, parts.tm_sec)
  }
}

import Foundation

/// Why a CSV file as a whole could not be read or written (problems of single rows are reported per row).
public enum CSVError: Error, CustomStringConvertible, Equatable {
  case cannotRead(file: String, reason: String)
  case cannotWrite(file: String, reason: String)
  case empty(file: String)
  case utf16(file: String)
  case badHeader(file: String, problem: String)

  public var description: String {
    switch self {
    case .cannotRead(let file, let reason):
      return "\(file): cannot read (\(reason)); check the path and its permissions."
    case .cannotWrite(let file, let reason):
      return
        "\(file): cannot write (\(reason)); check that the folder exists, is writable and has space."
    case .empty(let file):
      return
        "\(file): the file is empty; a CSV file needs a header line (e.g. `path,label,sex,age`)."
    case .utf16(let file):
      return "\(file): the file is UTF-16; save it as UTF-8 (with or without BOM) and try again."
    case .badHeader(let file, let problem):
      return "\(file): the header line cannot be used (\(problem)); fix the first line of the file."
    }
  }
}

import ArgumentParser

/// The error a command gives while the issue that builds it is still open.
struct NotYetBuilt: Error, CustomStringConvertible {
  let command: String
  let issue: Int
  var description: String { "`oncoface \(command)` is not built yet (issue \(issue))." }
}

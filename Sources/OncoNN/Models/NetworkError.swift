/// Errors of building and running a `Network`; each names the layer or boundary and the fix.
public enum NetworkError: Error, CustomStringConvertible, Equatable {
  case duplicateName(String)
  case unknownName(String, known: [String])
  case notABoundary(String, reason: String)
  case noForwardPass(String)
  case layerNotRun(String)
  case wrongInput(String)
  case missingState(String)

  public var description: String {
    switch self {
    case .duplicateName(let n):
      return "network: a layer named \"\(n)\" already exists; give each layer a unique name"
    case let .unknownName(n, known):
      let shown = known.prefix(12).joined(separator: ", ")
      return
        "network: no layer or boundary named \"\(n)\" "
        + "(known: \(shown)\(known.count > 12 ? ", …" : ""))"
    case let .notABoundary(n, reason):
      return "network: \"\(n)\" cannot be used as a boundary: \(reason)"
    case .noForwardPass(let what):
      return "network: \(what) needs a forward pass first"
    case .layerNotRun(let n):
      return
        "network: layer \"\(n)\" was not computed by the last pass "
        + "(it lies before its start boundary or after its end)"
    case .wrongInput(let why):
      return "network: \(why)"
    case .missingState(let n):
      return
        "network: the checkpoint has no tensor \"\(n)\"; it was written for another architecture"
    }
  }
}

/// The shares of train, validation and test; they must add up to 1.
public struct SplitFractions: Sendable, Hashable {
  public var train: Double
  public var validation: Double
  public var test: Double

  /// 70/15/15.
  public static let standard = SplitFractions(train: 0.70, validation: 0.15, test: 0.15)

  public init(train: Double, validation: Double, test: Double) {
    self.train = train
    self.validation = validation
    self.test = test
  }

  public subscript(split: Split) -> Double {
    switch split {
    case .train: return train
    case .validation: return validation
    case .test: return test
    }
  }

  func validate() throws {
    let all = [train, validation, test]
    guard all.allSatisfy({ $0 >= 0 && $0.isFinite }), train > 0, abs(all.reduce(0, +) - 1) < 1e-9
    else {
      throw SplitError.badFractions(train: train, validation: validation, test: test)
    }
  }
}

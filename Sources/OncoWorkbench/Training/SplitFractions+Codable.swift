import OncoData

/// session.json stores the split fractions as `{"train":0.7,"validation":0.15,"test":0.15}`.
extension SplitFractions: Codable {
  enum CodingKeys: String, CodingKey { case train, validation, test }

  public init(from decoder: Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    self.init(
      train: try c.decode(Double.self, forKey: .train),
      validation: try c.decode(Double.self, forKey: .validation),
      test: try c.decode(Double.self, forKey: .test))
  }

  public func encode(to encoder: Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(train, forKey: .train)
    try c.encode(validation, forKey: .validation)
    try c.encode(test, forKey: .test)
  }
}

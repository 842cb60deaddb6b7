import Foundation

/// Runs training for a `TrainingJob`: data, split, model, epochs, test evaluation, session files.
enum Trainer {
  static func train(
    config: TrainingConfig, name: String, store: SessionStore, context: TrainingContext
  ) throws -> TrainingSummary {
    throw TrainingError.engineMissing
  }

  static func resume(session: SessionFolder, context: TrainingContext) throws -> TrainingSummary {
    throw TrainingError.engineMissing
  }
}

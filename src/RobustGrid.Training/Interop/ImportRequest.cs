using RobustGrid.Training.Data;

namespace RobustGrid.Training.Interop;

/// <param name="Classes">The model's classes; null: the dataset's.</param>
/// <param name="Normalization">What the model expects its [0, 1] inputs mapped by; null: nothing (inputs in
/// [0, 1], as RobustBench's models take them).</param>
public sealed record ImportRequest(string Model, string WeightsPath, string Dataset, int? Classes = null,
    Normalization? Normalization = null);

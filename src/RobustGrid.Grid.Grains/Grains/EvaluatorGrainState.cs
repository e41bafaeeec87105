namespace RobustGrid.Grid.Grains.Grains;

[GenerateSerializer]
public sealed class EvaluatorGrainState
{
    [Id(0)] public EvaluationResult? Result { get; set; }
}

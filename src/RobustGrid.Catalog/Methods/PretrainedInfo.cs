using RobustGrid.Catalog.Settings;

namespace RobustGrid.Catalog.Methods;

/// <summary>
/// Evaluation-only trials: a sweep scores a checkpoint made elsewhere (an imported PyTorch model, or another trial's
/// result) beside the models it trains. Nothing is trained, so the method has no recipe and only its input.
/// </summary>
public static class PretrainedInfo
{
    /// <summary>The method imported checkpoints record, and the sweep method that scores one.</summary>
    public const string Name = "pretrained";

    public static readonly MethodInfo Info = new(Name,
        "Pretrained: no training; the trial scores the given checkpoint (e.g. one made by 'robustgrid import').",
        [
            new PathSetting("checkpoint", "The checkpoint to score (required).", null,
                "a checkpoint.rgck or its run folder"),
        ],
        MethodRecipe.None)
    {
        RequiredInput = "checkpoint: the checkpoint to score",
    };
}

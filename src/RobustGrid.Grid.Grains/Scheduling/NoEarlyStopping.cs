using RobustGrid.Grid.Grains.Grains;

namespace RobustGrid.Grid.Grains.Scheduling;

/// <summary>The policy of a sweep without <c>early_terminate</c>: every trial runs all its epochs.</summary>
internal sealed class NoEarlyStopping : ITrialScheduler
{
    private List<RungRecord> _saved = [];

    public RungDecision Decide(int index, int rung, double value) => RungDecision.Continue;

    public List<RungRecord> Save() => _saved;

    public void Restore(List<RungRecord> saved) => _saved = saved;
}

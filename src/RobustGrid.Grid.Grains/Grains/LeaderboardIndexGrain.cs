using RobustGrid.Grid.Grains.Storage;

namespace RobustGrid.Grid.Grains.Grains;

public sealed class LeaderboardIndexGrain(
    [PersistentState("leaderboards", GridStorageNames.Grid)] IPersistentState<LeaderboardIndexGrainState> state)
        : Grain, ILeaderboardIndexGrain
{
    public async Task Add(string dataset, string suite)
    {
        var key = LeaderboardKeys.For(dataset, suite);
        if (state.State.Keys.Contains(key)) return;
        state.State.Keys.Add(key);
        state.State.Keys.Sort(StringComparer.Ordinal);
        await state.WriteStateAsync();
    }

    public Task<string[]> List() => Task.FromResult(state.State.Keys.ToArray());
}

namespace RobustGrid.Grid.Contracts;

public static class LeaderboardKeys
{
    public static string For(string dataset, string suite) => $"{dataset}/{suite}";
}

namespace RobustGrid.Grid.Tests;

/// <summary>
/// The test assembly's entry point. Test runners load the assembly and never call it; the chaos drill starts the
/// assembly as a program (<c>dotnet RobustGrid.Grid.Tests.dll chaos-silo ...</c>) for silos it can kill with SIGKILL.
/// </summary>
internal static class TestProgram
{
    public static Task<int> Main(string[] args) =>
        args is [ChaosSilo.Command, .. var rest] ? ChaosSilo.RunAsync(rest) : Task.FromResult(0);
}

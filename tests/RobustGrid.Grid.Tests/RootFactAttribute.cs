using System.Diagnostics;

namespace RobustGrid.Grid.Tests;

/// <summary>A fact that needs root (to mount a file system); skipped, saying so, for any other user.</summary>
public sealed class RootFactAttribute : FactAttribute
{
    public RootFactAttribute()
    {
        if (UserId() != "0") Skip = "needs root to mount a tmpfs ('id -u' is not 0)";
    }

    private static string UserId()
    {
        using var id = Process.Start(new ProcessStartInfo("id", "-u") { RedirectStandardOutput = true })!;
        var output = id.StandardOutput.ReadToEnd().Trim();
        id.WaitForExit();
        return output;
    }
}

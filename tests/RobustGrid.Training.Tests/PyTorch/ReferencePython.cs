using System.Diagnostics;
using System.Globalization;
using RobustGrid.Tests.Shared;

namespace RobustGrid.Training.Tests.PyTorch;

/// <summary>
/// Debian's python3-torch (the system interpreter, which setup.sh gives the package) running
/// reference_models.py, the PyTorch definitions of our architectures.
/// </summary>
internal static class ReferencePython
{
    public const string Interpreter = "/usr/bin/python3";

    private static readonly Lazy<string?> Unavailable = new(FindProblem);

    /// <summary>Why PyTorch cannot run here, or null when it can.</summary>
    public static string? WhyUnavailable => Unavailable.Value;

    public static string Script => Path.Combine(Repository.Root, "tests", "RobustGrid.Training.Tests", "PyTorch",
        "reference_models.py");

    /// <summary>The image shape each architecture is compared at, as the dataset it is imported for has it.</summary>
    public static (string Dataset, int Channels, int Size) ShapeFor(string model) =>
        model == "small-cnn" ? ("fashion-mnist", 1, 28) : ("cifar10", 3, 32);

    /// <summary>Runs the script's command for the model at its image shape; returns the output, or throws with it
    /// when the script exits non-zero.</summary>
    public static string Run(string command, string model, params string[] arguments)
    {
        var (_, channels, size) = ShapeFor(model);
        var info = new ProcessStartInfo(Interpreter)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in (string[])[Script, command, model, .. arguments, "--channels",
            channels.ToString(CultureInfo.InvariantCulture), "--size", size.ToString(CultureInfo.InvariantCulture)])
            info.ArgumentList.Add(argument);
        using var process = Process.Start(info)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 ? output
            : throw new InvalidOperationException(
                $"reference_models.py {command} {model} exited {process.ExitCode}: {output}{error.Result}");
    }

    private static string? FindProblem()
    {
        if (!File.Exists(Interpreter)) return $"{Interpreter} is missing: install python3-torch (scripts/setup.sh)";
        using var probe = Process.Start(new ProcessStartInfo(Interpreter, ["-c", "import torch"])
        {
            RedirectStandardError = true,
        })!;
        probe.StandardError.ReadToEnd();
        probe.WaitForExit();
        return probe.ExitCode == 0 ? null
            : $"{Interpreter} cannot import torch: install python3-torch (scripts/setup.sh)";
    }
}

namespace RobustGrid.Training.Tests.PyTorch;

/// <summary>A theory that needs PyTorch; skipped, saying why, where python3-torch is not installed.</summary>
public sealed class PyTorchTheoryAttribute : TheoryAttribute
{
    public PyTorchTheoryAttribute()
    {
        if (ReferencePython.WhyUnavailable is { } why) Skip = why;
    }
}

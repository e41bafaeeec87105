using RobustGrid.Training.Training;
using static TorchSharp.torch;

namespace RobustGrid.Training.Tests;

/// <summary>
/// The lease on cuBLAS's process-wide TF32 switch. Only CUDA trainings take it, so on the CPU these tests are its only
/// users; the flag itself is a plain libtorch setting that can be read and written without a GPU.
/// </summary>
public sealed class MatmulTf32LeaseTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromMilliseconds(400);

    private static async Task<bool> FinishesSoon(Task task) => await Task.WhenAny(task, Task.Delay(Patience)) == task;

    /// <summary>The lease a waiting acquirer got, failing (instead of hanging) when it gets none within 10 s.</summary>
    private static async Task<IDisposable> Granted(Task<IDisposable?> acquiring) =>
        await Task.WhenAny(acquiring, Task.Delay(TimeSpan.FromSeconds(10))) == acquiring
            ? await acquiring ?? throw new InvalidOperationException("no lease")
            : throw new TimeoutException("the waiting acquirer got no lease in 10 s");

    [Fact]
    public async Task TrainingsThatAgreeShareTheFlagAndOneThatDisagreesWaitsForThemAll()
    {
        var first = MatmulTf32Lease.Acquire(true, CancellationToken.None)!;
        var second = MatmulTf32Lease.Acquire(true, CancellationToken.None)!;
        Assert.True(backends.cuda.matmul.allow_tf32);
        Assert.True(MatmulTf32Lease.Current);

        var fp32 = Task.Run(() => MatmulTf32Lease.Acquire(false, CancellationToken.None));
        Assert.False(await FinishesSoon(fp32), "an fp32 training entered while tf32 trainings ran");
        first.Dispose();
        Assert.False(await FinishesSoon(fp32), "an fp32 training entered while a tf32 training still ran");
        second.Dispose();
        using var fp32Lease = await Granted(fp32);
        Assert.False(backends.cuda.matmul.allow_tf32);
        Assert.False(MatmulTf32Lease.Current);
    }

    [Fact]
    public async Task OnceATrainingWaitsNoNewTrainingOfTheCurrentSettingIsLetIn()
    {
        var tf32 = MatmulTf32Lease.Acquire(true, CancellationToken.None)!;
        var fp32 = Task.Run(() => MatmulTf32Lease.Acquire(false, CancellationToken.None));
        Assert.False(await FinishesSoon(fp32));
        var laterTf32 = Task.Run(() => MatmulTf32Lease.Acquire(true, CancellationToken.None));
        Assert.False(await FinishesSoon(laterTf32), "a tf32 training overtook the waiting fp32 one");

        tf32.Dispose();
        var fp32Lease = await Granted(fp32);
        Assert.False(await FinishesSoon(laterTf32), "a tf32 training entered while the fp32 one ran");
        fp32Lease.Dispose();
        using var laterLease = await Granted(laterTf32);
        Assert.True(backends.cuda.matmul.allow_tf32);
    }

    [Fact]
    public void AWaitingTrainingThatIsCancelledGetsNoLeaseAndReleasesItsClaim()
    {
        using var tf32 = MatmulTf32Lease.Acquire(true, CancellationToken.None)!;
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        Assert.Null(MatmulTf32Lease.Acquire(false, cancellation.Token));
        // Its claim is gone: another tf32 training enters at once.
        using var another = MatmulTf32Lease.Acquire(true, CancellationToken.None);
        Assert.NotNull(another);
    }
}

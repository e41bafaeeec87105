using RobustGrid.Training.Training;
using static TorchSharp.torch;

namespace RobustGrid.Training.Tests;

/// <summary>
/// The lease on cuBLAS's process-wide TF32 switch. Only CUDA trainings take it, so on the CPU these tests are its only
/// users; the flag itself is a plain libtorch setting that can be read and written without a GPU.
/// </summary>
public sealed class MatmulTf32LeaseTests
{
    /// <summary>
    /// Whether the acquirer is blocked: once the lease counts <paramref name="waiters"/> callers waiting for its
    /// setting (each counted only while it may not enter), it has not finished. Fails after 10 s of not waiting.
    /// </summary>
    private static async Task<bool> IsBlocked(Task task, bool allowTf32, int waiters = 1)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (MatmulTf32Lease.WaitingFor(allowTf32) < waiters && !task.IsCompleted)
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException("the acquirer neither waited nor entered in 10 s");
            await Task.Delay(10);
        }
        return !task.IsCompleted;
    }

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
        Assert.True(await IsBlocked(fp32, false), "an fp32 training entered while tf32 trainings ran");
        first.Dispose();
        Assert.True(await IsBlocked(fp32, false), "an fp32 training entered while a tf32 training still ran");
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
        Assert.True(await IsBlocked(fp32, false));
        var laterTf32 = Task.Run(() => MatmulTf32Lease.Acquire(true, CancellationToken.None));
        Assert.True(await IsBlocked(laterTf32, true), "a tf32 training overtook the waiting fp32 one");

        tf32.Dispose();
        var fp32Lease = await Granted(fp32);
        Assert.True(await IsBlocked(laterTf32, true), "a tf32 training entered while the fp32 one ran");
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

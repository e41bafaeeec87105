using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RobustGrid.Grid.Grains.Options;
using RobustGrid.Grid.Grains.Specs;
using RobustGrid.Grid.Grains.Storage;

namespace RobustGrid.Grid.Grains.Grains;

/// <summary>
/// Validates and launches sweeps and remembers them. Relaunching an identical spec while its sweep is unfinished
/// resumes that sweep instead of starting a second one (that is what "kill and run again" relies on), also while that
/// sweep is still being started: the grain is reentrant (sweeps report to it while it awaits them), so a launch in
/// progress is recorded before its first await, and the same spec arriving meanwhile joins it.
/// </summary>
[Reentrant]
public sealed class SweepRegistryGrain(
    [PersistentState("registry", GridStorageNames.Grid)] IPersistentState<SweepRegistryGrainState> state,
    [FromKeyedServices(GridClock.Key)] TimeProvider clock,
    SpecRules rules,
    ILogger<SweepRegistryGrain> logger) : Grain, ISweepRegistryGrain
{
    private readonly CoalescingWriter _writer = new(() => state.WriteStateAsync());

    /// <summary>Launches awaiting their sweep's start, by spec hash.</summary>
    private readonly Dictionary<string, Task<LaunchResult>> _launching = [];

    /// <summary>Sweeps being started and not yet recorded: they count against the limit of unfinished sweeps.</summary>
    private int _starting;

    public async Task<LaunchResult> Launch(string specYaml, string? sourceName, bool forceNew = false)
    {
        var (spec, errors) = SweepSpecParser.Parse(specYaml, sourceName, rules);
        if (spec is null) return new LaunchResult(null, [.. errors.Select(e => e.ToString())], false);

        var hash = Convert.ToHexStringLower(
            SHA256.HashData(Encoding.UTF8.GetBytes(specYaml.ReplaceLineEndings("\n").Trim())))[..16];
        if (!forceNew && _launching.TryGetValue(hash, out var inProgress))
        {
            var joined = await inProgress;
            return joined.Ok ? joined with { Resumed = true } : joined;
        }
        if (!forceNew && state.State.SpecHashes.TryGetValue(hash, out var existing)
            && state.State.Sweeps.TryGetValue(existing, out var summary) && !summary.State.IsFinished())
        {
            await GrainFactory.GetGrain<ISweepGrain>(existing).Poke();
            return new LaunchResult(existing, [], true);
        }

        var launch = StartSweep(spec, specYaml, hash);
        _launching[hash] = launch;
        try
        {
            return await launch;
        }
        finally
        {
            if (_launching.GetValueOrDefault(hash) == launch) _launching.Remove(hash);
        }
    }

    private async Task<LaunchResult> StartSweep(SweepSpec spec, string specYaml, string hash)
    {
        var unfinished = state.State.Sweeps.Values.Count(s => !s.State.IsFinished()) + _starting;
        if (unfinished >= rules.Limits.MaxConcurrentSweeps)
        {
            var refusal = SpecLimitRules.Refusal(rules.Limits, SpecLimitRules.ConcurrentSweeps, $"{unfinished + 1}");
            return new LaunchResult(null, [$"(launch): {refusal}; cancel a sweep or wait for one to finish"], false);
        }

        var (bestTrials, referenceErrors) = BestTrialReferences.Resolve(spec, state.State.Sweeps.Values);
        if (referenceErrors.Count > 0) return new LaunchResult(null, [.. referenceErrors], false);
        var (_, warmStartErrors) = WarmStarts.Resolve(spec, state.State.Sweeps.Values);
        if (warmStartErrors.Count > 0) return new LaunchResult(null, [.. warmStartErrors], false);

        var id = $"{spec.Name}-{clock.GetUtcNow():yyyyMMdd-HHmmss}-"
            + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(2));
        try
        {
            SweepSummary started;
            _starting++;
            try
            {
                started = await GrainFactory.GetGrain<ISweepGrain>(id).Start(specYaml, spec.Name, bestTrials);
            }
            finally
            {
                _starting--;
            }
            state.State.Sweeps[id] = started;
            state.State.SpecHashes[hash] = id;
            await _writer.FlushAsync();
            return new LaunchResult(id, [], false);
        }
        catch (Exception e)
        {
            logger.LogError(e, "Launching sweep {Sweep} failed", id);
            return new LaunchResult(null, [$"(launch): {e.Message}"], false);
        }
    }

    public Task<SweepSummary[]> List() =>
        Task.FromResult(state.State.Sweeps.Values.OrderByDescending(s => s.CreatedAt).ToArray());

    public async Task OnSweepChanged(SweepSummary summary)
    {
        state.State.Sweeps[summary.SweepId] = summary;
        await _writer.FlushAsync();
    }

    public async Task<int> PokeUnfinished()
    {
        var unfinished = state.State.Sweeps.Values.Where(s => !s.State.IsFinished()).Select(s => s.SweepId).ToList();
        await Task.WhenAll(unfinished.Select(async id =>
        {
            try
            {
                await GrainFactory.GetGrain<ISweepGrain>(id).Poke();
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Poking sweep {Sweep} failed", id);
            }
        }));
        return unfinished.Count;
    }
}

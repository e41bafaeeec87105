using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RobustGrid.Grid.Grains.Options;
using RobustGrid.Grid.Grains.Population;
using RobustGrid.Grid.Grains.Sampling;
using RobustGrid.Grid.Grains.Scheduling;
using RobustGrid.Grid.Grains.Specs;
using RobustGrid.Grid.Grains.Statistics;
using RobustGrid.Grid.Grains.Storage;

namespace RobustGrid.Grid.Grains.Grains;

/// <summary>
/// Expands a spec into trials and drives them. Reentrant so that trial reports, rung decisions and status queries are
/// never stuck behind a launch; every handler changes state synchronously and only one pump launches trials, so
/// interleaving cannot launch a trial twice. Trial indexes are bounded by the spec's DefinedTrials and each index maps
/// to one experiment grain, so the sweep can never run more trials than the spec defines, even after a crash.
/// </summary>
[Reentrant]
public sealed class SweepGrain(
    [PersistentState("sweep", GridStorageNames.Grid)] IPersistentState<SweepGrainState> state,
    IOptions<GridSiloOptions> options,
    [FromKeyedServices(GridClock.Key)] TimeProvider clock,
    SpecRules rules,
    ILogger<SweepGrain> logger) : Grain, ISweepGrain
{
    private readonly CoalescingWriter _writer = new(() => state.WriteStateAsync());
    private SweepSpec? _spec;
    private IConfigSampler? _sampler;
    private List<Observation> _warmStart = [];
    private ITrialScheduler? _scheduler;
    private PopulationPlan? _population;
    private PopulationExplorer? _explorer;
    // A pbt interval was decided from results and not yet written: the next launch writes it first.
    private bool _releaseUnwritten;
    private IGrainTimer? _timer;
    private bool _pumping;
    private bool _pumpRequested;
    private DateTimeOffset _nextWatchdog;
    private SweepSummary? _lastReported;
    // Counts per trial state and the best trial, kept up to date by Apply so a summary does not walk every trial.
    private readonly Dictionary<TrialState, int> _counts = [];
    // Open trials that finished training and are being evaluated: they hold no trainer slot, so they do not count
    // against parallel_trials. Soft state: after a reactivation they count again until they finish.
    private readonly HashSet<int> _trained = [];
    private int _bestIndex = -1;
    private double? _bestValue;

    private string SweepId => this.GetPrimaryKeyString();

    private SweepGrainState S => state.State;

    /// <summary>Trial <paramref name="index"/>'s id, the key of its experiment grain.</summary>
    private string TrialKey(int index) => new TrialId(SweepId, index).ToString();

    private SweepHistory H => S.History;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        foreach (var t in H.Trials) Count(t.State, +1);
        if (S.Started)
        {
            Initialise();
            if (!S.State.IsFinished()) StartTimer();
        }
        return Task.CompletedTask;
    }

    public async Task<SweepSummary> Start(string specYaml, string name, Dictionary<string, string> bestTrials)
    {
        if (S.Started) return Summary();
        var (spec, errors) = Parse(specYaml, name, bestTrials);
        if (spec is null) throw new ArgumentException("invalid sweep spec: " + string.Join("; ", errors));
        // Read before the sweep counts as started: a warm start that cannot be read refuses the launch.
        var warmStart = spec.WarmStart is { Count: > 0 } ? await ReadWarmStart(spec) : [];
        if (S.Started) return Summary();
        S.WarmStart = warmStart;
        S.SpecYaml = specYaml;
        S.BestTrials = bestTrials;
        S.Name = spec.Name;
        S.State = SweepState.Running;
        S.Started = true;
        S.CreatedAt = S.UpdatedAt = clock.GetUtcNow();
        Initialise();
        await _writer.FlushAsync();
        logger.LogInformation("Sweep {Sweep} started: {Trials} trials, {Parallel} in parallel", SweepId,
            spec.DefinedTrials, spec.ParallelTrials);
        StartTimer();
        RequestPump();
        return Summary();
    }

    /// <summary>The finished trials of the sweeps <c>warm_start</c> names, with this sweep's objectives.</summary>
    private async Task<List<WarmStartTrial>> ReadWarmStart(SweepSpec spec)
    {
        var sweeps = await GrainFactory.GetGrain<ISweepRegistryGrain>(0).List();
        var (ids, errors) = WarmStarts.Resolve(spec, sweeps);
        if (errors.Count > 0) throw new ArgumentException(string.Join("; ", errors));
        var trials = await Task.WhenAll(ids.Select(id => GrainFactory.GetGrain<ISweepGrain>(id).GetTrials()));
        return [.. trials.SelectMany(t => t).Where(t => t.State == TrialState.Completed).Select(t =>
            new WarmStartTrial
            {
                Parameters = t.Parameters,
                Metrics = spec.AllObjectives.Where(o => t.Metrics.ContainsKey(o.Metric))
                    .ToDictionary(o => o.Metric, o => t.Metrics[o.Metric]),
            })];
    }

    /// <summary>The spec as the sweep runs it: parsed, with its <c>/best</c> references replaced by their trial
    /// ids.</summary>
    private (SweepSpec? Spec, IEnumerable<string> Errors) Parse(string yaml, string name,
        Dictionary<string, string> bestTrials)
    {
        var (parsed, errors) = SweepSpecParser.Parse(yaml, name, rules.ForLaunchedSweep());
        if (parsed is null) return (null, errors.Select(e => e.ToString()));
        var (spec, unresolved) = BestTrialReferences.Apply(parsed, bestTrials);
        return unresolved.Count == 0 ? (spec, []) : (null, unresolved);
    }

    private void Initialise()
    {
        var (spec, errors) = Parse(S.SpecYaml, S.Name, S.BestTrials);
        if (spec is null)
        {
            // Start refused anything else, so only a grammar changed under a stored sweep gets here: fail it instead
            // of looping on activation.
            S.State = SweepState.Failed;
            S.Message = "stored spec no longer validates: " + string.Join("; ", errors);
            return;
        }
        _spec = spec;
        foreach (var t in H.Trials) ConsiderBest(t);
        _sampler = ConfigSamplers.For(spec);
        _warmStart = WarmStartObservations.From(spec, S.WarmStart);
        _scheduler = TrialSchedulers.For(spec.EarlyTerminate, i => Plan.ConfigOf(i));
        _scheduler.Restore(H.Rungs);
        if (spec.Population is { } population)
        {
            _population = new PopulationPlan(population, S.PopulationParents);
            _population.ReleaseFirst();
            _explorer = new PopulationExplorer(population, spec.Parameters, spec.SamplerSeed);
        }
    }

    private void StartTimer()
    {
        if (!options.Value.DriveSweeps) return;
        _timer ??= this.RegisterGrainTimer(static (self, ct) => self.Tick(), this, new GrainTimerCreationOptions
        {
            DueTime = TimeSpan.FromMilliseconds(100),
            Period = options.Value.SweepTick,
            Interleave = true,
            KeepAlive = true,
        });
    }

    public Task<SweepSummary> GetSummary() => Task.FromResult(Summary());

    public Task<string> GetSpecYaml() => Task.FromResult(S.SpecYaml);

    public async Task<ExperimentStatus[]> GetTrials()
    {
        var tasks = H.Trials.Select(t => GrainFactory.GetGrain<IExperimentGrain>(TrialKey(t.Index)).GetStatus());
        return await Task.WhenAll(tasks);
    }

    public async Task<SweepSummary> Pause()
    {
        if (S.State == SweepState.Running)
        {
            S.State = SweepState.Paused;
            await Persist();
        }
        return Summary();
    }

    public async Task<SweepSummary> Resume()
    {
        if (S.State == SweepState.Paused)
        {
            S.State = SweepState.Running;
            await Persist();
            RequestPump();
        }
        return Summary();
    }

    public async Task<SweepSummary> Cancel()
    {
        if (S.State.IsFinished()) return Summary();
        S.State = SweepState.Cancelled;
        S.Message = "cancelled";
        await Persist();
        var running = H.Trials.Where(t => !t.State.IsTerminal()).Select(t => CancelTrial(t.Index));
        await Task.WhenAll(running);
        await ReportToRegistry(force: true);
        return Summary();
    }

    private async Task CancelTrial(int index)
    {
        try
        {
            var status = await GrainFactory.GetGrain<IExperimentGrain>(TrialKey(index)).Cancel();
            Apply(index, status.State, status.Metrics);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Cancelling trial {Index} of {Sweep} failed; the watchdog retries", index, SweepId);
        }
    }

    public Task Poke()
    {
        _nextWatchdog = DateTimeOffset.MinValue;
        if (S.Started && !S.State.IsFinished()) StartTimer();
        return Task.CompletedTask;
    }

    public Task OnTrialTrained(int index)
    {
        if (index >= 0 && index < H.Trials.Count && !H.Trials[index].State.IsTerminal() && _trained.Add(index))
            RequestPump();
        return Task.CompletedTask;
    }

    public async Task OnTrialFinished(int index, TrialState trialState, Dictionary<string, double> metrics)
    {
        // The experiment grain holds the durable outcome; the sweep's copy is flushed by the next tick (one write per
        // tick instead of one per trial keeps large sweeps linear). After a crash the watchdog re-reads it.
        if (!Apply(index, trialState, metrics)) return;
        _writer.MarkDirty();
        RequestPump();
        if (S.State.IsFinished())
        {
            // The last trial: record completion and tell the registry now, not a tick later.
            await _writer.FlushAsync();
            await ReportToRegistry(force: true);
        }
    }

    /// <summary>Records a trial's terminal state; false when nothing changed (duplicate or unknown report).</summary>
    private bool Apply(int index, TrialState trialState, Dictionary<string, double> metrics)
    {
        if (index < 0 || index >= H.Trials.Count || !trialState.IsTerminal()) return false;
        var record = H.Trials[index];
        if (record.State.IsTerminal()) return false;
        _trained.Remove(index);
        Count(record.State, -1);
        record.State = trialState;
        // Only the objectives: they are all the sweep reads (best trial, samplers), and the record is in every sweep
        // write.
        record.Metrics = _spec is { } spec
            ? spec.AllObjectives.Where(o => metrics.ContainsKey(o.Metric)).ToDictionary(o => o.Metric,
                o => metrics[o.Metric])
            : [];
        // A pbt member's interval ends with the metric its population is ranked by.
        if (_spec?.Population is { } population && metrics.TryGetValue(population.Metric, out var score))
            record.Metrics[population.Metric] = score;
        Count(trialState, +1);
        ConsiderBest(record);
        S.UpdatedAt = clock.GetUtcNow();
        CompleteIfDone();
        return true;
    }

    public Task<RungDecision> ReportRung(int index, int epoch, double value)
    {
        if (S.State == SweepState.Cancelled) return Task.FromResult(RungDecision.Stop);
        if (_scheduler is null) return Task.FromResult(RungDecision.Continue);
        var decision = _scheduler.Decide(index, epoch, value);
        H.Rungs = _scheduler.Save();
        _writer.MarkDirty(); // rung history is advisory: the tick flushes it
        logger.LogDebug("Scheduler of {Sweep}: #{Index} epoch {Epoch} value {Value}: {Decision}", SweepId, index, epoch,
            value, decision);
        return Task.FromResult(decision);
    }

    private void RequestPump()
    {
        if (!options.Value.DriveSweeps) return;
        _pumpRequested = true;
        if (!_pumping) _ = Pump();
    }

    /// <summary>The only place trials are launched. Loops while handlers keep asking for more.</summary>
    private async Task Pump()
    {
        _pumping = true;
        try
        {
            while (_pumpRequested)
            {
                _pumpRequested = false;
                while (_spec is { } spec && S.State == SweepState.Running)
                {
                    CompleteIfDone();
                    var free = spec.ParallelTrials - (Open - _trained.Count);
                    var planned = Planned;
                    if (free <= 0 || H.Trials.Count >= planned) break;
                    var batch = new List<TrialSpec>();
                    while (batch.Count < free && H.Trials.Count < planned)
                    {
                        var index = H.Trials.Count;
                        batch.Add(MakeTrial(index));
                        H.Trials.Add(new TrialRecord { Index = index, State = TrialState.Pending });
                        Count(TrialState.Pending, +1);
                    }
                    // No write before launching an initial trial: trial i is always experiment grain "{sweep}/i" and
                    // Start is idempotent, so relaunching an index the sweep forgot in a crash finds the trial that
                    // exists. An added seed's configuration was chosen from results, so it is written first.
                    _writer.MarkDirty();
                    if (batch.Any(t => t.Index >= spec.InitialTrials)) await _writer.FlushAsync();
                    else if (_releaseUnwritten) await FlushRelease();
                    await Task.WhenAll(batch.Select(Launch));
                }
            }
        }
        catch (Exception e)
        {
            logger.LogError(e, "Sweep {Sweep} could not launch trials; retrying on the next tick", SweepId);
        }
        finally
        {
            _pumping = false;
        }
    }

    private async Task Launch(TrialSpec trial)
    {
        try
        {
            var status = await GrainFactory.GetGrain<IExperimentGrain>(trial.TrialId).Start(trial);
            if (status.State.IsTerminal()) Apply(trial.Index, status.State, status.Metrics);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Starting trial {Trial} failed; the watchdog retries", trial.TrialId);
        }
    }

    private TrialSpec MakeTrial(int index)
    {
        var plan = Plan;
        var configIndex = plan.ConfigOf(index);
        while (H.Configs.Count <= configIndex)
            H.Configs.Add(_sampler!.Sample(H.Configs.Count, _sampler.UsesObservations ? Observations() : []));
        var trial = TrialFactory.Create(SweepId, _spec!, index, H.Configs[configIndex], plan.SeedOf(index));
        return _population is null ? trial : trial with { Population = _population.Step(SweepId, index, H.Configs) };
    }

    private async Task FlushRelease()
    {
        _releaseUnwritten = false;
        try
        {
            await _writer.FlushAsync();
        }
        catch
        {
            _releaseUnwritten = true;
            throw;
        }
    }

    /// <summary>Trials the sweep may launch now: with pbt, the intervals decided so far.</summary>
    private int Planned => _population?.Released ?? Plan.Planned;

    /// <summary>Which configuration and seed each trial index runs.</summary>
    private TrialPlan Plan => new(_spec!, H.ExtraConfigs);

    /// <summary>Finished configurations for the model-based samplers, earlier sweeps' first (warm_start): mean
    /// objectives over their completed seeds, oriented so lower is better; for BOHB also each configuration's mean
    /// value at every rung it reached.</summary>
    private List<Observation> Observations()
    {
        var spec = _spec!;
        var plan = Plan;
        var observations = _warmStart.Concat(H.Trials
            .Where(t => t.State == TrialState.Completed && t.Metrics.ContainsKey(spec.Metric))
            .GroupBy(t => plan.ConfigOf(t.Index))
            .Where(g => g.Key < H.Configs.Count)
            .Select(g => new Observation(H.Configs[g.Key],
                (spec.LowerIsBetter ? 1 : -1) * g.Average(t => t.Metrics[spec.Metric]), ConfigIndex: g.Key,
                Losses: spec.Objectives is null ? null : Losses(spec, g))))
            .ToList();
        if (_sampler!.UsesRungObservations && spec.EarlyTerminate is { } early)
            observations.AddRange(RungObservations(early, plan));
        return observations;
    }

    /// <summary>Every objective's mean over the configuration's completed seeds, oriented; NaN where none has
    /// it.</summary>
    private static double[] Losses(SweepSpec spec, IEnumerable<TrialRecord> trials) =>
        [.. spec.AllObjectives.Select(o => trials.Where(t => t.Metrics.ContainsKey(o.Metric))
            .Select(t => (o.LowerIsBetter ? 1 : -1) * t.Metrics[o.Metric]).DefaultIfEmpty(double.NaN).Average())];

    private IEnumerable<Observation> RungObservations(EarlyTerminationSpec early, TrialPlan plan) =>
        H.Rungs
            .Where(r => double.IsFinite(r.Value))
            .DistinctBy(r => (r.Index, r.Rung)) // a resumed attempt reports its rung again
            .GroupBy(r => (Config: plan.ConfigOf(r.Index), r.Rung))
            .Where(g => g.Key.Config < H.Configs.Count)
            .Select(g => new Observation(H.Configs[g.Key.Config],
                (early.LowerIsBetter ? 1 : -1) * g.Average(r => r.Value), g.Key.Rung, g.Key.Config));

    /// <summary>
    /// Once every planned trial has finished: with seeds until_separated, plans the next round of seeds or says why
    /// there is none; then the sweep is complete.
    /// </summary>
    private void CompleteIfDone()
    {
        if (_spec is not { } spec || S.State != SweepState.Running) return;
        if (H.Trials.Count < Planned || Open > 0) return;
        if (_population is { HasNext: true } && ReleaseNextInterval()) return;
        string? reason = null;
        if (spec.UntilSeparated is { } budget)
        {
            var decision = NextSeeds(spec, budget);
            if (decision.MoreSeeds.Count > 0)
            {
                H.ExtraConfigs.AddRange(decision.MoreSeeds);
                _writer.MarkDirty();
                logger.LogInformation("Sweep {Sweep}: one more seed for configurations {Configs}", SweepId,
                    decision.MoreSeeds);
                RequestPump();
                return;
            }
            reason = decision.Reason;
        }
        S.State = SweepState.Completed;
        S.Message = reason;
        _writer.MarkDirty();
        logger.LogInformation("Sweep {Sweep} completed{Reason}", SweepId, reason is null ? "" : ": " + reason);
    }

    /// <summary>
    /// The population's exploit and explore step after its last interval: each member's next trial, its parent and
    /// values. Written before any of them is launched (<see cref="FlushRelease"/>), since the values were chosen from
    /// results.
    /// </summary>
    private bool ReleaseNextInterval()
    {
        var population = _spec!.Population!;
        var last = _population!.LastInterval.ToList();
        var members = last.Select(i => new PopulationExplorer.Member(H.Configs[i],
            H.Trials[i].Metrics.TryGetValue(population.Metric, out var score) ? score : null)).ToList();
        var generation = _population.Generation(last[0]);
        var decisions = _explorer!.Next(generation, members);
        foreach (var d in decisions) H.Configs.Add(d.Config);
        _population.Release(decisions.Select(d => last[d.Parent]));
        _writer.MarkDirty();
        _releaseUnwritten = true;
        var exploits = decisions.Select((d, m) => (d, m)).Where(x => x.d.Exploits(x.m))
            .Select(x => $"{x.m} <- {x.d.Parent} ({string.Join(", ", x.d.Perturbed)})");
        logger.LogInformation("Sweep {Sweep}: pbt interval {Generation} ended; exploits: {Exploits}", SweepId,
            generation + 1, string.Join("; ", exploits));
        RequestPump();
        return true;
    }

    /// <summary>The board's comparison over the finished trials of each configuration.</summary>
    private SeedRounds.Decision NextSeeds(SweepSpec spec, SeedBudget budget)
    {
        var bySeed = H.Configs.Select(_ => new Dictionary<long, double>()).ToList();
        var planned = new int[H.Configs.Count];
        foreach (var ((config, seed), trial) in Plan.Layout().Zip(H.Trials))
        {
            planned[config]++;
            if (trial.State == TrialState.Completed && trial.Metrics.TryGetValue(spec.Metric, out var value))
                bySeed[config][seed] = value;
        }
        var results = H.Configs.Select((config, c) => new TopSeparation.Candidate(
            TrialFactory.Create(SweepId, spec, c * spec.InitialSeeds, config, spec.Seeds[0]).ConfigKey,
            bySeed[c])).ToList();
        return SeedRounds.Next(results, planned, budget, spec.LowerIsBetter, c => SeedRounds.Name(H.Configs, c));
    }

    private async Task Tick()
    {
        try
        {
            RequestPump();
            if (clock.GetUtcNow() >= _nextWatchdog)
            {
                _nextWatchdog = clock.GetUtcNow() + options.Value.TrialWatchdog;
                await CheckRunningTrials();
            }
            if (_writer.Dirty) await _writer.FlushAsync();
            await ReportToRegistry(force: false);
            if (S.State.IsFinished() && Open == 0)
            {
                _timer?.Dispose();
                _timer = null;
            }
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Sweep {Sweep} tick failed", SweepId);
        }
    }

    /// <summary>Asks every unfinished trial to check itself: re-queues lost ones and repeats lost terminal
    /// reports.</summary>
    private async Task CheckRunningTrials()
    {
        if (_spec is null) return;
        var open = H.Trials.Where(t => !t.State.IsTerminal()).Select(t => t.Index).ToList();
        foreach (var chunk in open.Chunk(256))
        {
            await Task.WhenAll(chunk.Select(async index =>
            {
                if (S.State == SweepState.Cancelled)
                {
                    await CancelTrial(index);
                    return;
                }
                await Launch(MakeTrial(index));
            }));
        }
    }

    private async Task ReportToRegistry(bool force)
    {
        var summary = Summary();
        if (!force && _lastReported is { } last && last.State == summary.State && last.Launched == summary.Launched
            && last.Counts.OrderBy(c => c.Key).SequenceEqual(summary.Counts.OrderBy(c => c.Key))
            && last.BestValue == summary.BestValue)
            return;
        try
        {
            await GrainFactory.GetGrain<ISweepRegistryGrain>(0).OnSweepChanged(summary);
            _lastReported = summary;
        }
        catch (Exception e)
        {
            logger.LogDebug(e, "Registry update of {Sweep} failed", SweepId);
        }
    }

    private async Task Persist()
    {
        S.UpdatedAt = clock.GetUtcNow();
        await _writer.FlushAsync();
        await ReportToRegistry(force: true);
    }

    /// <summary>Trials launched and not yet in a terminal state (the sweep's records are pending or
    /// terminal).</summary>
    private int Open => _counts.Where(c => !c.Key.IsTerminal()).Sum(c => c.Value);

    private void Count(TrialState trialState, int delta)
    {
        var n = _counts.GetValueOrDefault(trialState) + delta;
        if (n == 0) _counts.Remove(trialState);
        else _counts[trialState] = n;
    }

    private void ConsiderBest(TrialRecord t)
    {
        if (_spec is not { } spec || t.State != TrialState.Completed || !t.Metrics.TryGetValue(spec.Metric, out var v))
            return;
        // Ties keep the lower index, as a scan in index order would.
        if (_bestValue is { } best && !(spec.LowerIsBetter ? v < best : v > best)
            && !(v == best && t.Index < _bestIndex)) return;
        _bestValue = v;
        _bestIndex = t.Index;
    }

    private SweepSummary Summary()
    {
        var spec = _spec;
        var bestId = _bestIndex >= 0 ? TrialKey(_bestIndex) : null;
        return new SweepSummary(SweepId, S.Name, S.State, spec?.Dataset ?? "",
            spec is null ? "" : GridCatalog.BoardSuite(spec.Evaluation),
            spec?.SearchMethod ?? "", spec?.Metric ?? "",
            spec is null ? 0 : spec.Population is null ? Plan.Planned : spec.DefinedTrials, H.Trials.Count,
            spec?.ParallelTrials ?? 0, new Dictionary<TrialState, int>(_counts),
            bestId, _bestValue, S.Message, S.CreatedAt, S.UpdatedAt);
    }
}

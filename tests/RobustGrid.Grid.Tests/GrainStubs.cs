using System.Collections.Concurrent;
using System.Reflection;

namespace RobustGrid.Grid.Tests;

/// <summary>
/// Grains as plain objects for unit tests of code that calls grains (worker threads, watchdogs) without a silo: a
/// stub implements a grain interface with handlers for the methods a test cares about and fails any other call.
/// </summary>
internal class GrainStub : DispatchProxy
{
    private Dictionary<string, Func<object?[], object?>> _handlers = [];
    private string _name = "";

    /// <param name="handlers">Method name to handler, which gets the call's arguments and returns its result.</param>
    public static T Create<T>(Dictionary<string, Func<object?[], object?>> handlers) where T : class
    {
        var stub = Create<T, GrainStub>();
        var proxy = (GrainStub)(object)stub;
        proxy._handlers = handlers;
        proxy._name = typeof(T).Name;
        return stub;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) =>
        _handlers.TryGetValue(targetMethod!.Name, out var handler)
            ? handler(args ?? [])
            : throw new NotSupportedException($"the test's {_name} has no {targetMethod.Name}");
}

/// <summary>
/// A grain factory that hands out stubs: for each interface, the stub added for the key asked for, else the one added
/// for every key. Any other factory call fails.
/// </summary>
internal class StubGrainFactory : DispatchProxy
{
    private readonly ConcurrentDictionary<(Type, string?), object> _grains = new();

    public static StubGrainFactory Create() => (StubGrainFactory)(object)Create<IGrainFactory, StubGrainFactory>();

    public IGrainFactory Factory => (IGrainFactory)(object)this;

    /// <summary>Serves <paramref name="grain"/> for <paramref name="key"/>, or for every key when it is null.</summary>
    public StubGrainFactory Add<T>(T grain, string? key = null) where T : class
    {
        _grains[(typeof(T), key)] = grain;
        return this;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        if (targetMethod is not { Name: "GetGrain", IsGenericMethod: true } || args is not [var key, ..])
            throw new NotSupportedException($"the test's grain factory has no {targetMethod}");
        var type = targetMethod.GetGenericArguments()[0];
        var text = Convert.ToString(key, System.Globalization.CultureInfo.InvariantCulture);
        return _grains.TryGetValue((type, text), out var grain) || _grains.TryGetValue((type, null), out grain)
            ? grain
            : throw new InvalidOperationException($"the test serves no {type.Name} for key {text}");
    }
}

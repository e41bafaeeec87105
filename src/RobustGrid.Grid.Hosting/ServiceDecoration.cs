using Microsoft.Extensions.DependencyInjection;

namespace RobustGrid.Grid.Hosting;

internal static class ServiceDecoration
{
    /// <summary>Replaces the last singleton registration of <typeparamref name="T"/> with a wrapper around
    /// it.</summary>
    public static void Decorate<T>(IServiceCollection services, Func<IServiceProvider, T, T> wrap) where T : class
    {
        var index = -1;
        for (var i = services.Count - 1; i >= 0 && index < 0; i--)
            if (services[i].ServiceType == typeof(T)) index = i;
        if (index < 0) return;
        var original = services[index];
        services[index] = ServiceDescriptor.Singleton<T>(sp => wrap(sp, Resolve<T>(sp, original)));
    }

    private static T Resolve<T>(IServiceProvider sp, ServiceDescriptor descriptor) where T : class =>
        (T)(descriptor.ImplementationInstance
            ?? descriptor.ImplementationFactory?.Invoke(sp)
            ?? ActivatorUtilities.CreateInstance(sp, descriptor.ImplementationType!));
}

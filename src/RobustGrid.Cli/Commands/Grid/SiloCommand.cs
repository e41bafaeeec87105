using System.CommandLine;
using Microsoft.Extensions.Hosting;
using RobustGrid.Grid.Hosting;
using RobustGrid.Grid.Hosting.Api;
using RobustGrid.Grid.Training;

namespace RobustGrid.Cli.Commands.Grid;

/// <summary>'robustgrid silo [--http-url URL]': run a silo with the HTTP JSON API until Ctrl+C.</summary>
internal static class SiloCommand
{
    public static Command Create()
    {
        var url = new Option<string?>("--http-url")
        {
            Description = $"Where the HTTP API listens (default {GridSiloHost.DefaultUrl}, localhost only; " +
                          $"elsewhere it needs {ApiTokens.AdminTokenVariable} or another API token).",
        };
        var redis = new Option<string?>("--redis")
        {
            Description = "Join a Redis cluster (host:port) instead of localhost clustering.",
        };
        var siloPort = new Option<int?>("--silo-port") { Description = "Silo-to-silo port (default 11111)." };
        var gatewayPort = new Option<int?>("--gateway-port") { Description = "Client gateway port (default 30000)." };
        var command = new Command("silo",
            "Run a grid silo with the HTTP JSON API (configuration: appsettings.json, ROBUSTGRID__* variables).")
        {
            url, redis, siloPort, gatewayPort,
        };
        command.SetAction(async (parse, ct) => await GridErrors.RunAsync(async () =>
        {
            var app = TorchGridHosts.BuildSilo([], parse.GetValue(url), host =>
            {
                if (parse.GetValue(redis) is { } r)
                {
                    host.Mode = GridClusterMode.Redis;
                    host.Redis = r;
                }
                if (parse.GetValue(siloPort) is { } sp) host.SiloPort = sp;
                if (parse.GetValue(gatewayPort) is { } gp) host.GatewayPort = gp;
            });
            await app.StartAsync(ct);
            await app.WaitForShutdownAsync(ct);
            await app.DisposeAsync();
            return 0;
        }));
        return command;
    }
}

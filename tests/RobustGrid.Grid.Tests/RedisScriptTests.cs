using System.Diagnostics;
using RobustGrid.Tests.Shared;
using StackExchange.Redis;

namespace RobustGrid.Grid.Tests;

/// <summary>scripts/start-redis.sh and stop-redis.sh on a real redis-server.</summary>
[Trait("Category", "Integration")]
public sealed class RedisScriptTests
{
    [Fact]
    public async Task StopKeepsTheDataFolderSoARestartReloadsTheAOF()
    {
        await using var redis = await RedisServer.StartAsync();
        await using (var before = await ConnectionMultiplexer.ConnectAsync(redis.Address))
            Assert.True(await before.GetDatabase().StringSetAsync("kept", "yes"));

        await redis.RestartAsync();

        await using var after = await ConnectionMultiplexer.ConnectAsync(redis.Address);
        Assert.Equal("yes", (string?)await after.GetDatabase().StringGetAsync("kept"));
    }

    [Fact]
    public async Task StartFailsWhenAnotherRedisAnswersOnThePort()
    {
        await using var redis = await RedisServer.StartAsync();
        var port = redis.Address[(redis.Address.LastIndexOf(':') + 1)..];
        var dir = TestData.NewScratchFolder("redis-other-");
        try
        {
            var info = new ProcessStartInfo("bash", [Path.Combine(Repository.Scripts, "start-redis.sh"), port, dir])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var process = Process.Start(info)!;
            var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.True(process.ExitCode != 0, output);
            Assert.DoesNotContain(redis.Address, output.Split('\n'));
            Assert.Contains("another Redis (process", output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}

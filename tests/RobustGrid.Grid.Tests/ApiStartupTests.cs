using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using RobustGrid.Grid.Hosting;
using RobustGrid.Grid.Hosting.Api;
using RobustGrid.Tests.Shared;

namespace RobustGrid.Grid.Tests;

/// <summary>
/// What a silo checks before it starts: an HTTP API beyond loopback needs a token, tokens are long enough and a token
/// file is well formed.
/// </summary>
public sealed class ApiStartupTests
{
    private const string Token = "0123456789abcdef0123";

    [Theory]
    [InlineData("http://0.0.0.0:5080")]
    [InlineData("http://*:5080")]
    [InlineData("http://+:5080")]
    [InlineData("http://[::]:5080")]
    [InlineData("http://127.0.0.1:5080;http://10.0.0.5:5080")]
    [InlineData("http://silo-1:5080")]
    public void ASiloWhoseApiListensBeyondLoopbackDoesNotStartWithoutAToken(string url)
    {
        var failure = Assert.Throws<InvalidOperationException>(() => GridSiloHost.Build([], _ => { }, url));
        Assert.Contains("without an API token", failure.Message);
        Assert.Contains(ApiTokens.AdminTokenVariable, failure.Message);
        Assert.Contains(ApiTokens.TokenFileVariable, failure.Message);
    }

    [Fact]
    public async Task WithATokenItBuildsAndOnLoopbackItBuildsWithoutOne()
    {
        await using (var exposed = Build($"--{ApiTokens.AdminTokenVariable}={Token}", "http://0.0.0.0:5080"))
            Assert.NotNull(exposed.Services.GetService<ApiTokens>());
        await using var loopback = GridSiloHost.Build([], _ => { }, "http://localhost:5080;http://[::1]:5080");
        Assert.True(loopback.Services.GetRequiredService<ApiTokens>().IsEmpty);
    }

    [Fact]
    public void ShortTokensAndMalformedTokenFilesAreRefusedWithoutEchoingAToken()
    {
        var shortToken = Assert.Throws<InvalidOperationException>(
            () => Build($"--{ApiTokens.ReadTokenVariable}=secret"));
        Assert.Contains($"{ApiTokens.ReadTokenVariable}: an API token has at least {ApiTokens.MinLength} characters",
            shortToken.Message);

        var file = Path.Combine(TestData.NewScratchFolder("tokens-"), "tokens");
        File.WriteAllText(file, $"admin {Token}\n\nwrite {Token}x\n");
        var badLine = Assert.Throws<InvalidOperationException>(() => Build($"--{ApiTokens.TokenFileVariable}={file}"));
        Assert.Contains($"{file}, line 3: write 'admin TOKEN' or 'read TOKEN'", badLine.Message);
        Assert.DoesNotContain(Token, badLine.Message);

        var missing = Assert.Throws<InvalidOperationException>(
            () => Build($"--{ApiTokens.TokenFileVariable}={file}.gone"));
        Assert.Contains("cannot read the token file", missing.Message);
    }

    [Fact]
    public void TokensMatchWholeAndByScope()
    {
        var file = Path.Combine(TestData.NewScratchFolder("tokens-"), "tokens");
        File.WriteAllText(file, $"read {Token}-r\nadmin {Token}-a\n");
        using var app = Build($"--{ApiTokens.TokenFileVariable}={file}");
        var tokens = app.Services.GetRequiredService<ApiTokens>();
        Assert.Equal(ApiScope.Read, tokens.Authorize(Token + "-r"));
        Assert.Equal(ApiScope.Admin, tokens.Authorize(Token + "-a"));
        Assert.Null(tokens.Authorize(Token));
        Assert.Null(tokens.Authorize(Token + "-a "));
        Assert.Null(tokens.Authorize(""));
    }

    /// <summary>A silo with one configuration override, built (not started), on the default or the given URL.</summary>
    private static WebApplication Build(string setting, string? url = null) =>
        GridSiloHost.Build([setting], _ => { }, url);
}

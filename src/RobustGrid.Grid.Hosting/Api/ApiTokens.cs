using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Configuration;

namespace RobustGrid.Grid.Hosting.Api;

/// <summary>
/// The bearer tokens a silo's HTTP API accepts, each with its scope: <see cref="AdminTokenVariable"/> and
/// <see cref="ReadTokenVariable"/> hold one token each, and the file <see cref="TokenFileVariable"/> names holds any
/// number, one "admin TOKEN" or "read TOKEN" a line (to rotate tokens, or give each client its own). Only SHA-256
/// hashes of the tokens are kept, and a presented token is compared with every one of them in constant time, so
/// neither the answer nor its timing tells how much of a token was right.
/// </summary>
public sealed class ApiTokens
{
    public const string AdminTokenVariable = "ROBUSTGRID_API_TOKEN";
    public const string ReadTokenVariable = "ROBUSTGRID_API_READ_TOKEN";
    public const string TokenFileVariable = "ROBUSTGRID_API_TOKEN_FILE";

    /// <summary>Shortest token accepted: a guessable token protects nothing (32 random hex digits are good).</summary>
    public const int MinLength = 16;

    private readonly List<(byte[] Hash, ApiScope Scope)> _tokens = [];

    /// <summary>No token is set: the API answers everyone, which a silo allows on a loopback address only.</summary>
    public bool IsEmpty => _tokens.Count == 0;

    /// <summary>
    /// The tokens of the environment and the token file. Read through the configuration, which holds the environment
    /// variables, so a command-line override (--ROBUSTGRID_API_TOKEN=...) works too.
    /// </summary>
    public static ApiTokens Read(IConfiguration configuration)
    {
        var tokens = new ApiTokens();
        if (configuration[AdminTokenVariable] is { Length: > 0 } admin)
            tokens.Add(admin, ApiScope.Admin, AdminTokenVariable);
        if (configuration[ReadTokenVariable] is { Length: > 0 } read)
            tokens.Add(read, ApiScope.Read, ReadTokenVariable);
        if (configuration[TokenFileVariable] is { Length: > 0 } file) tokens.AddFile(file);
        return tokens;
    }

    /// <summary>The scope of <paramref name="token"/>, or null when it is none of the tokens.</summary>
    public ApiScope? Authorize(string token)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(token));
        ApiScope? scope = null;
        foreach (var (known, knownScope) in _tokens)
            if (CryptographicOperations.FixedTimeEquals(known, hash) && (scope is null || knownScope > scope))
                scope = knownScope;
        return scope;
    }

    private void Add(string token, ApiScope scope, string source)
    {
        if (token.Length < MinLength || token.Any(char.IsWhiteSpace))
            throw new InvalidOperationException(
                $"{source}: an API token has at least {MinLength} characters and no spaces");
        _tokens.Add((SHA256.HashData(Encoding.UTF8.GetBytes(token)), scope));
    }

    private void AddFile(string path)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException(
                $"{TokenFileVariable}: cannot read the token file {path}: {e.Message}", e);
        }
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var source = $"{TokenFileVariable} {path}, line {i + 1}";
            var parts = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            ApiScope? scope = parts[0] switch { "admin" => ApiScope.Admin, "read" => ApiScope.Read, _ => null };
            // The line is not echoed: it may hold a token.
            if (parts.Length != 2 || scope is null)
                throw new InvalidOperationException($"{source}: write 'admin TOKEN' or 'read TOKEN'");
            Add(parts[1], scope.Value, source);
        }
    }
}

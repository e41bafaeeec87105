using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using RobustGrid.Data;
using RobustGrid.Data.Catalog;
using RobustGrid.Grid.Grains.Options;
using RobustGrid.Grid.Hosting;
using RobustGrid.Grid.Hosting.Api;
using RobustGrid.Tests.Shared;

namespace RobustGrid.Telemetry.Tests;

/// <summary>
/// The deploy files, checked with the real tools where no container runtime is at hand: promtool reads the Prometheus
/// config, docker-compose resolves the compose file (anchors, merges, paths), and what they and the Kubernetes
/// manifests wire together must line up: settings the silo reads, ports, mounts, names.
/// </summary>
[Trait("Category", "Integration")]
public sealed partial class DeployFilesTests
{
    private static string Deploy(params string[] parts) => Path.Combine([Repository.Root, "deploy", .. parts]);

    /// <summary>The variable the compose stack takes Redis's password from.</summary>
    private const string RedisPassword = "ROBUSTGRID_REDIS_PASSWORD";

    /// <summary>The secrets the compose stack requires from its environment, with values for these tests.</summary>
    private static readonly Dictionary<string, string> ComposeSecrets = new()
    {
        [ApiTokens.AdminTokenVariable] = "compose-api-token-0123456789",
        [RedisPassword] = "compose-redis-password-0123456789",
    };

    [Fact]
    public void PromtoolAcceptsThePrometheusConfig()
    {
        var (exit, output) =
            Run(Tool("/usr/bin/promtool", "prometheus"), "check", "config", Deploy("prometheus", "prometheus.yml"));
        Assert.True(exit == 0, output);
        Assert.Contains("SUCCESS", output);
    }

    [Fact]
    public void TheComposeStackIsValidAndWiredTogether()
    {
        string[] config = ["-p", "robustgrid", "-f", Deploy("docker-compose.yml"), "config"];
        var compose = Tool("/usr/bin/docker-compose", "docker-compose");
        // Without its secrets the stack does not resolve, saying which one is missing.
        var (refusedExit, refusal) = Run(compose, new Dictionary<string, string>(), config);
        Assert.True(refusedExit != 0 && refusal.Contains("set ROBUSTGRID_", StringComparison.Ordinal), refusal);
        var (exit, output) = Run(compose, ComposeSecrets, config);
        Assert.True(exit == 0, output);
        var services = Yaml.Documents(output).Single().Map("services");
        Assert.Equal(["grafana", "prometheus", "redis", "silo-1", "silo-2"], services.Keys.Order());

        // Redis requires the password and is not published: only the silos reach it, with the password.
        var redis = (Dictionary<string, object?>)services["redis"]!;
        var redisCommand = redis.List("command").Cast<string>().ToList();
        Assert.Equal(ComposeSecrets[RedisPassword], redisCommand[redisCommand.IndexOf("--requirepass") + 1]);
        Assert.Empty(redis.List("ports"));

        var silos = services.Where(s => s.Key.StartsWith("silo-", StringComparison.Ordinal)).ToList();
        var scrapeTargets = PrometheusStaticTargets();
        foreach (var (name, value) in silos)
        {
            var silo = (Dictionary<string, object?>)value!;
            var env = silo.Map("environment");
            Assert.Equal("Redis", env.Text("ROBUSTGRID__CLUSTER__MODE"));
            Assert.StartsWith("redis:", env.Text("ROBUSTGRID__CLUSTER__REDIS"));
            Assert.Equal(ComposeSecrets[RedisPassword], env.Text("ROBUSTGRID__CLUSTER__REDISPASSWORD"));
            // The published API needs the admin token: a silo listening beyond loopback does not start without one.
            Assert.Equal(ComposeSecrets[ApiTokens.AdminTokenVariable], env.Text(ApiTokens.AdminTokenVariable));
            // Prometheus scrapes each silo by its compose host name on the port its HTTP API listens on in the image.
            Assert.Contains($"{silo.Text("hostname")}:{ImageHttpPort()}", scrapeTargets);
            Assert.Contains(silo.List("ports"), p => Target(p) == ImageHttpPort());
            Assert.True(File.Exists(Path.Combine(silo.Map("build").Text("context")!,
                silo.Map("build").Text("dockerfile")!)), $"{name}: no Dockerfile");
        }

        var prometheus = (Dictionary<string, object?>)services["prometheus"]!;
        var configFile = prometheus.List("command").Cast<string>()
            .Single(a => a.StartsWith("--config.file=", StringComparison.Ordinal))["--config.file=".Length..];
        Assert.Contains(Mounts(prometheus), m => m.Source == Deploy("prometheus", "prometheus.yml")
            && m.Target == configFile);

        var grafana = (Dictionary<string, object?>)services["grafana"]!;
        var provider = (Dictionary<string, object?>)Yaml.Documents(
            File.ReadAllText(Deploy("grafana", "provisioning", "dashboards", "robustgrid.yaml")))
            .Single().List("providers").Single()!;
        var dashboardsPath = provider.Map("options").Text("path");
        Assert.Contains(Mounts(grafana), m => m.Source == Deploy("grafana", "dashboards")
            && m.Target == dashboardsPath);
        Assert.Contains(Mounts(grafana), m => m.Source == Deploy("grafana", "provisioning")
            && m.Target == "/etc/grafana/provisioning");
        var datasource = (Dictionary<string, object?>)Yaml.Documents(
            File.ReadAllText(Deploy("grafana", "provisioning", "datasources", "prometheus.yaml")))
            .Single().List("datasources").Single()!;
        Assert.Equal("prometheus", datasource.Text("type"));
        var url = new Uri(datasource.Text("url")!);
        Assert.True(services.ContainsKey(url.Host),
            $"the datasource points at {url.Host}, which is not a compose service");
        Assert.Contains(prometheus.List("ports"), p => Target(p) == url.Port.ToString());
    }

    [Fact]
    public void EverySiloSettingInTheDeployFilesIsOneTheSiloReads()
    {
        var settings = new Dictionary<string, string>();
        foreach (Match m in SettingName().Matches(File.ReadAllText(Deploy("docker-compose.yml"))))
            settings.TryAdd(m.Value, "docker-compose.yml");
        foreach (Match m in SettingName().Matches(File.ReadAllText(Deploy("Dockerfile"))))
            settings.TryAdd(m.Value, "Dockerfile");
        foreach (var file in Directory.GetFiles(Deploy("k8s"), "*.yaml"))
            foreach (Match m in SettingName().Matches(File.ReadAllText(file)))
                settings.TryAdd(m.Value, "k8s/" + Path.GetFileName(file));
        Assert.True(settings.Count >= 8, string.Join(", ", settings.Keys));

        string[] directKeys =
            [GridSiloHost.HttpUrlKey, GridSiloHost.TelemetryEnabledKey, ApiAccess.MetricsNeedTokenKey];
        string[] variables =
        [
            RobustGridPaths.HomeVariable, DataSearchPath.DataVariable, ApiTokens.AdminTokenVariable,
            ApiTokens.ReadTokenVariable, ApiTokens.TokenFileVariable,
        ];
        var unknown = settings.Where(s => !IsRead(s.Key)).Select(s => $"{s.Key} ({s.Value})").ToList();
        Assert.True(unknown.Count == 0, "settings no silo reads: " + string.Join(", ", unknown));

        bool IsRead(string variable)
        {
            if (variables.Contains(variable)) return true;
            var key = variable.Replace("__", ":", StringComparison.Ordinal);
            if (directKeys.Any(k => k.Equals(key, StringComparison.OrdinalIgnoreCase))) return true;
            var parts = key.Split(':');
            var section = parts.Length == 3 ? $"{parts[0]}:{parts[1]}" : "";
            var options = section.Equals(GridHostOptions.Section, StringComparison.OrdinalIgnoreCase)
                ? typeof(GridHostOptions)
                : section.Equals(GridSiloOptions.Section, StringComparison.OrdinalIgnoreCase) ? typeof(GridSiloOptions)
                : null;
            return options?.GetProperty(parts[^1],
                BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase) is
            {
                CanWrite: true,
            };
        }
    }

    [Fact]
    public void TheKubernetesManifestsAreCompleteAndReferToEachOther()
    {
        var objects = Directory.GetFiles(Deploy("k8s"), "*.yaml").SelectMany(f => Yaml.Documents(File.ReadAllText(f)))
            .ToList();
        foreach (var o in objects)
        {
            Assert.False(string.IsNullOrEmpty(o.Text("apiVersion")), "an object without apiVersion");
            Assert.False(string.IsNullOrEmpty(o.Text("kind")), "an object without kind");
            Assert.False(string.IsNullOrEmpty(o.Map("metadata").Text("name")), $"a {o.Text("kind")} without a name");
        }
        string[] Names(string kind) =>
            [.. objects.Where(o => o.Text("kind") == kind).Select(o => o.Map("metadata").Text("name")!)];
        var statefulSets = objects.Where(o => o.Text("kind") == "StatefulSet").ToList();
        Assert.Contains("robustgrid-silo", statefulSets.Select(s => s.Map("metadata").Text("name")));
        var templateLabels = new List<Dictionary<string, object?>>();
        foreach (var set in statefulSets)
        {
            var name = set.Map("metadata").Text("name");
            var spec = set.Map("spec");
            var labels = spec.Map("template").Map("metadata").Map("labels");
            templateLabels.Add(labels);
            Assert.All(spec.Map("selector").Map("matchLabels"),
                l => Assert.Equal(l.Value, labels.GetValueOrDefault(l.Key)));
            Assert.Contains(spec.Text("serviceName"), Names("Service"));
            var pod = spec.Map("template").Map("spec");
            var claims = spec.List("volumeClaimTemplates").Cast<Dictionary<string, object?>>()
                .Select(c => c.Map("metadata").Text("name"));
            var volumes = pod.List("volumes").Cast<Dictionary<string, object?>>().ToList();
            foreach (var volume in volumes.Select(v => v.MapOrNull("persistentVolumeClaim"))
                .OfType<Dictionary<string, object?>>())
                Assert.Contains(volume.Text("claimName"), Names("PersistentVolumeClaim"));
            foreach (var container in pod.List("containers").Cast<Dictionary<string, object?>>())
            {
                Assert.False(string.IsNullOrEmpty(container.Text("image")), $"{name}: container without image");
                foreach (var mount in container.List("volumeMounts").Cast<Dictionary<string, object?>>())
                    Assert.Contains(mount.Text("name"), volumes.Select(v => v.Text("name")).Concat(claims));
                foreach (var from in container.List("envFrom").Cast<Dictionary<string, object?>>())
                    Assert.Contains(from.Map("configMapRef").Text("name"), Names("ConfigMap"));
                var portNames = container.List("ports").Cast<Dictionary<string, object?>>().Select(p => p.Text("name"))
                    .ToList();
                if (container.MapOrNull("readinessProbe")?.MapOrNull("httpGet") is { } probe)
                    Assert.Contains(probe.Text("port"), portNames);
            }
        }
        foreach (var service in objects.Where(o => o.Text("kind") == "Service"))
        {
            var selector = service.Map("spec").Map("selector");
            Assert.Contains(templateLabels,
                labels => selector.All(s => Equals(labels.GetValueOrDefault(s.Key), s.Value)));
        }

        // The same silo settings as the compose stack (values differ only where the network does: the Redis host), the
        // secret ones from a Secret, never from the ConfigMap.
        var config = objects.Single(o => o.Text("kind") == "ConfigMap"
            && o.Map("metadata").Text("name") == "robustgrid-silo").Map("data");
        Dictionary<string, object?> Set(string name) =>
            statefulSets.Single(s => s.Map("metadata").Text("name") == name);
        var siloSecrets = SecretEnvironment(Set("robustgrid-silo"), "silo");
        var compose = File.ReadAllText(Deploy("docker-compose.yml"));
        var composeSiloSettings = SettingName().Matches(compose).Select(m => m.Value).Distinct();
        Assert.All(composeSiloSettings, s => Assert.True(config.ContainsKey(s) || siloSecrets.ContainsKey(s),
            $"{s} is set for compose silos but neither in the k8s ConfigMap nor from a Secret"));
        Assert.Equal("api-token", siloSecrets[ApiTokens.AdminTokenVariable].Key);
        Assert.DoesNotContain(config.Keys, siloSecrets.ContainsKey);

        // Redis requires the very password the silos are given.
        var redisSecrets = SecretEnvironment(Set("robustgrid-redis"), "redis");
        var redisArgs = Container(Set("robustgrid-redis"), "redis").List("args").Cast<string>().ToList();
        var passwordVariable = redisArgs[redisArgs.IndexOf("--requirepass") + 1].Trim('$', '(', ')');
        Assert.Equal(siloSecrets["ROBUSTGRID__CLUSTER__REDISPASSWORD"], redisSecrets[passwordVariable]);
    }

    [Fact]
    public void EveryDashboardHasItsOwnUidAndUsesTheProvisionedPrometheus()
    {
        var uids = new List<string>();
        foreach (var file in Dashboards.Files)
        {
            using var dashboard = JsonDocument.Parse(File.ReadAllText(file));
            var root = dashboard.RootElement;
            uids.Add(root.GetProperty("uid").GetString()!);
            var variables = root.GetProperty("templating").GetProperty("list").EnumerateArray().ToList();
            Assert.Contains(variables, v => v.GetProperty("name").GetString() == "datasource"
                && v.GetProperty("type").GetString() == "datasource"
                && v.GetProperty("query").GetString() == "prometheus");
            foreach (var panel in root.GetProperty("panels").EnumerateArray())
                Assert.Equal("${datasource}", panel.GetProperty("datasource").GetProperty("uid").GetString());
        }
        Assert.Equal(5, uids.Count);
        Assert.Equal(uids.Count, uids.Distinct().Count());
    }

    [GeneratedRegex(
        @"\b(ROBUSTGRID(__[A-Z]+)+|ROBUSTGRID_HOME|ROBUSTGRID_DATA|ROBUSTGRID_API_[A-Z_]+|RobustGrid(__[A-Za-z]+)+)\b")]
    private static partial Regex SettingName();

    private static string ImageHttpPort() =>
        Regex.Match(File.ReadAllText(Deploy("Dockerfile")), @"RobustGrid__Http__Url=http://0\.0\.0\.0:(\d+)").Groups[1]
            .Value is { Length: > 0 } port
            ? port
            : throw new InvalidOperationException(
                "the Dockerfile does not set RobustGrid__Http__Url to all interfaces");

    private static List<string> PrometheusStaticTargets()
    {
        var config = Yaml.Documents(File.ReadAllText(Deploy("prometheus", "prometheus.yml"))).Single();
        return [.. config.List("scrape_configs").Cast<Dictionary<string, object?>>()
            .SelectMany(j => j.List("static_configs").Cast<Dictionary<string, object?>>())
                .SelectMany(s => s.List("targets").Cast<string>())];
    }

    /// <summary>A compose port's container port: long form, or short "[host ip:]published:target/protocol".</summary>
    private static string? Target(object? port) =>
        port is Dictionary<string, object?> map ? map.Text("target") : (port as string)?.Split('/')[0].Split(':')[^1];

    private static Dictionary<string, object?> Container(Dictionary<string, object?> set, string name) =>
        set.Map("spec").Map("template").Map("spec").List("containers").Cast<Dictionary<string, object?>>()
            .Single(c => c.Text("name") == name);

    /// <summary>The variables a StatefulSet's container takes from a Secret: name → (Secret, key).</summary>
    private static Dictionary<string, (string Secret, string Key)> SecretEnvironment(Dictionary<string, object?> set,
        string container) =>
        Container(set, container).List("env").Cast<Dictionary<string, object?>>()
            .Select(e => (Name: e.Text("name")!, Secret: e.MapOrNull("valueFrom")?.MapOrNull("secretKeyRef")))
            .Where(e => e.Secret is not null)
            .ToDictionary(e => e.Name, e => (e.Secret!.Text("name")!, e.Secret!.Text("key")!));

    private static IEnumerable<(string Source, string Target)> Mounts(Dictionary<string, object?> service) =>
        service.List("volumes").Cast<string>().Select(v => v.Split(':')).Select(p => (p[0], p[1]));

    private static string Tool(string path, string debianPackage) =>
        File.Exists(path) ? path
            : throw new InvalidOperationException($"{path} is missing: run ./scripts/setup.sh {debianPackage}");

    private static (int Exit, string Output) Run(string fileName, params string[] arguments) =>
        Run(fileName, new Dictionary<string, string>(), arguments);

    /// <param name="environment">Variables set for the tool; the compose stack's secrets are cleared first.</param>
    private static (int Exit, string Output) Run(string fileName, Dictionary<string, string> environment,
        params string[] arguments)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        foreach (var name in ComposeSecrets.Keys) start.Environment.Remove(name);
        foreach (var (name, value) in environment) start.Environment[name] = value;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit(60_000);
        return (process.ExitCode, stdout.Result + stderr.Result);
    }
}

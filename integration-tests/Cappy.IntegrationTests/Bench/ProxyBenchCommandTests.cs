using System.Text.Json.Nodes;
using Xunit;

namespace Cappy.IntegrationTests.Bench;

public sealed class ProxyBenchCommandTests : IClassFixture<ProxyBenchFixture>
{
    private static readonly string[] ProxyPaths = ["direct", "passthrough", "rerank_first", "rerank_scorer"];

    private static readonly int[] Levels = [1, 4];

    private readonly ProxyBenchFixture _fixture;

    public ProxyBenchCommandTests(ProxyBenchFixture fixture)
    {
        _fixture = fixture;
    }

    [Fact]
    public async Task ShortRun_ExitsZero()
    {
        var run = await _fixture.GetRunAsync();

        Assert.True(run.ExitCode == 0, $"bench proxy exited with {run.ExitCode}: {run.StandardError}");
    }

    [Fact]
    public async Task ShortRun_HasOneResultPerPathAndConcurrency()
    {
        var results = Results(RequireJson(await _fixture.GetRunAsync()));

        foreach (var path in ExpectedPaths())
        {
            foreach (var level in Levels)
            {
                Assert.True(results.ContainsKey((path, level)), $"no result for {path} at {level} clients; results: {string.Join(", ", results.Keys)}");
            }
        }

        Assert.Equal(ExpectedPaths().Count * Levels.Length, results.Count);
    }

    [Fact]
    public async Task ShortRun_ResultsHaveNumericFields()
    {
        var results = Results(RequireJson(await _fixture.GetRunAsync()));

        foreach (var ((path, level), result) in results)
        {
            foreach (var field in new[] { "requests_per_s", "p50_ms", "p99_ms", "errors", "lost", "requests" })
            {
                var value = Assert.IsAssignableFrom<JsonValue>(result[field]);
                Assert.True(value.TryGetValue<double>(out _), $"{path} at {level} clients: {field} is not a number: {value.ToJsonString()}");
            }
        }
    }

    [Fact]
    public async Task ShortRun_NoErrorsAndNoneLost()
    {
        var results = Results(RequireJson(await _fixture.GetRunAsync()));

        foreach (var ((path, level), result) in results)
        {
            Assert.True(result["errors"]!.GetValue<int>() == 0, $"{path} at {level} clients: {result["errors"]} errors");
            Assert.True(result["lost"]!.GetValue<int>() == 0, $"{path} at {level} clients: {result["lost"]} lost");
        }
    }

    [Fact]
    public async Task ShortRun_FiguresArePlausible()
    {
        var results = Results(RequireJson(await _fixture.GetRunAsync()));

        foreach (var ((path, level), result) in results)
        {
            var requests = result["requests"]!.GetValue<int>();
            var p50 = result["p50_ms"]!.GetValue<double>();
            var p99 = result["p99_ms"]!.GetValue<double>();
            Assert.InRange(requests, 1, 50);
            Assert.True(result["requests_per_s"]!.GetValue<double>() > 0, $"{path} at {level} clients: no requests/s");
            Assert.True(p50 > 0, $"{path} at {level} clients: p50 {p50} ms");
            Assert.True(p50 <= p99, $"{path} at {level} clients: p50 {p50} ms above p99 {p99} ms");
        }

        // Only the scorer path is slow enough to reach --max-cell-seconds; the others send every request.
        foreach (var path in ExpectedPaths().Where(path => path != "rerank_scorer"))
        {
            foreach (var level in Levels)
            {
                Assert.Equal(50, results[(path, level)]["requests"]!.GetValue<int>());
            }
        }
    }

    [Fact]
    public async Task ShortRun_AddedLatencyIsDifferenceFromDirect()
    {
        var results = Results(RequireJson(await _fixture.GetRunAsync()));

        foreach (var ((path, level), result) in results.Where(entry => entry.Key.Path != "direct"))
        {
            var direct = results[("direct", level)];
            foreach (var percentile in new[] { "p50", "p99" })
            {
                var expected = result[$"{percentile}_ms"]!.GetValue<double>() - direct[$"{percentile}_ms"]!.GetValue<double>();
                var added = result[$"added_{percentile}_ms"]!.GetValue<double>();
                Assert.True(Math.Abs(expected - added) < 0.002, $"{path} at {level} clients: added_{percentile}_ms {added}, expected {expected}");
            }
        }
    }

    [Fact]
    public async Task ShortRun_NginxMeasuredOrSkippedWithReason()
    {
        var json = RequireJson(await _fixture.GetRunAsync());
        var measured = Results(json).Keys.Any(key => key.Path == "nginx");
        var skipped = json["skipped"]!.AsArray().Select(entry => entry!.AsObject()).FirstOrDefault(entry => entry["path"]!.GetValue<string>() == "nginx");

        if (NginxInstalled())
        {
            Assert.True(measured, $"nginx is installed but was not measured: {skipped?["reason"]}");
            Assert.StartsWith("nginx/", json["settings"]!["nginx_version"]!.GetValue<string>(), StringComparison.Ordinal);
        }
        else
        {
            Assert.False(measured);
            Assert.NotNull(skipped);
            Assert.Contains("apt-get install", skipped["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task ShortRun_PrintsTableAndProgress()
    {
        var run = await _fixture.GetRunAsync();

        Assert.Contains("+p50 ms", run.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("rerank_scorer, 4 concurrent clients: up to 50 requests", run.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("Bench request", run.StandardOutput + run.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingNginx_SkipsPathWithInstallCommand()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"cappy-missing-{Guid.NewGuid():N}", "nginx");

        var run = await ProxyBenchFixture.RunAsync(null, "--nginx", missing, "--paths", "direct,nginx", "--requests", "5", "--concurrency", "1", "--warmup", "0");

        Assert.True(run.ExitCode == 0, $"bench proxy exited with {run.ExitCode}: {run.StandardError}");
        Assert.Contains($"nginx: skipped. nginx was not found at {missing} (--nginx); install it with sudo apt-get install -y nginx-light", run.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("direct               1        5", run.StandardOutput, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task FailingNginx_SkipsPathWithReason()
    {
        // /bin/false exists but exits at once with status 1, as an nginx that cannot bind its port would.
        Skip.IfNot(File.Exists("/bin/false"), "/bin/false is not available on this system.");

        var run = await ProxyBenchFixture.RunAsync(null, "--nginx", "/bin/false", "--paths", "direct,nginx", "--requests", "5", "--concurrency", "1", "--warmup", "0");

        Assert.True(run.ExitCode == 0, $"bench proxy exited with {run.ExitCode}: {run.StandardError}");
        Assert.Contains("nginx: skipped. nginx (/bin/false) failed to start. nginx exited with status 1 before it was ready.", run.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("direct               1        5", run.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownPath_IsRejected()
    {
        var run = await ProxyBenchFixture.RunAsync(null, "--paths", "direct,haproxy");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("--paths must be names from direct, nginx, passthrough, rerank_first, rerank_scorer separated by commas; got 'direct,haproxy'.", run.StandardError, StringComparison.Ordinal);
    }

    private static List<string> ExpectedPaths() => NginxInstalled() ? [.. ProxyPaths.Prepend("nginx")] : [.. ProxyPaths];

    /// <summary>Looks for nginx where the harness documents it looks, independently of the harness's own search.</summary>
    private static bool NginxInstalled()
    {
        var searchPath = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        return searchPath.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).Append("/usr/sbin").Append("/usr/local/sbin")
            .Any(directory => File.Exists(Path.Combine(directory, "nginx")));
    }

    private static Dictionary<(string Path, int Level), JsonObject> Results(JsonObject json) =>
        json["results"]!.AsArray()
            .Select(entry => entry!.AsObject())
            .ToDictionary(entry => (entry["path"]!.GetValue<string>(), entry["concurrency"]!.GetValue<int>()));

    private static JsonObject RequireJson(BenchRun run)
    {
        Assert.True(run.Json is not null, $"no JSON file was written; exit code {run.ExitCode}: {run.StandardError}");
        return run.Json;
    }
}

using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Runtime.InteropServices;
using Cappy.Proxy.Cli;

namespace Cappy.Proxy.Bench;

/// <summary>
/// <c>bench proxy</c>: measures requests/s and latency straight to the upstream simulator, through nginx and
/// through Cappy Proxy's pass-through and reranking paths, and prints a table; <c>--json FILE</c> also writes the figures.
/// </summary>
internal static class ProxyBenchCommand
{
    private static readonly Option<int> Requests = new("--requests")
    {
        Description = "Maximum requests per path and concurrency; a cell ends at this count or at --max-cell-seconds, whichever comes first. Env: CAPPY_BENCH_PROXY_REQUESTS.",
        DefaultValueFactory = _ => CommonOptions.ReadInt("CAPPY_BENCH_PROXY_REQUESTS", 20000),
    };

    private static readonly Option<double> MaxCellSeconds = new("--max-cell-seconds")
    {
        Description = "Seconds after which a path at one concurrency (a cell) sends no new requests; requests in flight still finish. Also bounds each path's warm-up. 0: no limit. Env: CAPPY_BENCH_PROXY_MAX_CELL_SECONDS.",
        DefaultValueFactory = _ => CommonOptions.ReadDouble("CAPPY_BENCH_PROXY_MAX_CELL_SECONDS", 10),
    };

    private static readonly Option<int> Warmup = new("--warmup")
    {
        Description = "Unmeasured requests sent on each path before it is measured, from the highest number of clients. Env: CAPPY_BENCH_PROXY_WARMUP.",
        DefaultValueFactory = _ => CommonOptions.ReadInt("CAPPY_BENCH_PROXY_WARMUP", 200),
    };

    private static readonly Option<int[]> Concurrency = new("--concurrency")
    {
        Description = "Concurrent clients, comma-separated; each client sends its next request when the previous one returns. Env: CAPPY_BENCH_PROXY_CONCURRENCY.",
        DefaultValueFactory = _ => ParseLevels(Environment.GetEnvironmentVariable("CAPPY_BENCH_PROXY_CONCURRENCY") ?? "1,16,64") ?? [1, 16, 64],
        CustomParser = result => ParseLevels(result.Tokens[0].Value) ?? InvalidLevels(result),
    };

    private static readonly Option<string[]> Paths = new("--paths")
    {
        Description = $"Paths to measure, comma-separated, from {string.Join(", ", ProxyBenchPath.All)}. Env: CAPPY_BENCH_PROXY_PATHS.",
        DefaultValueFactory = _ => ParsePaths(Environment.GetEnvironmentVariable("CAPPY_BENCH_PROXY_PATHS") ?? string.Join(',', ProxyBenchPath.All)) ?? [.. ProxyBenchPath.All],
        CustomParser = result => ParsePaths(result.Tokens[0].Value) ?? InvalidPaths(result),
    };

    private static readonly Option<string?> Simulator = new("--simulator")
    {
        Description = $"The upstream simulator's built assembly (upstream-simulator.dll), run with dotnet. Default: the Release or Debug build under integration-tests/UpstreamSimulator/bin of this checkout, built with 'dotnet build -c Release' when there is none. Env: CAPPY_BENCH_SIMULATOR.",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("CAPPY_BENCH_SIMULATOR"),
    };

    private static readonly Option<string?> Nginx = new("--nginx")
    {
        Description = "The nginx executable. Default: nginx on the search path, else /usr/sbin/nginx and other usual locations; the nginx path is skipped when none exists. Env: CAPPY_BENCH_NGINX.",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("CAPPY_BENCH_NGINX"),
    };

    private static readonly Option<string?> Json = new("--json")
    {
        Description = "Write the figures to this JSON file: one object per path and concurrency under 'results', skipped paths under 'skipped'. Env: CAPPY_BENCH_JSON.",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("CAPPY_BENCH_JSON"),
    };

    private static readonly Option<double> Timeout = new("--timeout-seconds")
    {
        Description = "Time limit of the whole run, start-up of the servers included, in seconds; the run stops with status 1 when it passes. Env: CAPPY_BENCH_PROXY_TIMEOUT_SECONDS.",
        DefaultValueFactory = _ => CommonOptions.ReadDouble("CAPPY_BENCH_PROXY_TIMEOUT_SECONDS", 900),
    };

    static ProxyBenchCommand()
    {
        Requests.Validators.Add(result => RequirePositive(result, Requests.Name, result.GetValueOrDefault<int>()));
        Warmup.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 0)
            {
                result.AddError($"--warmup must be 0 or more requests, got {result.GetValueOrDefault<int>()}.");
            }
        });
        MaxCellSeconds.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<double>();
            if (!(value >= 0))
            {
                result.AddError($"--max-cell-seconds must be 0 (no limit) or a positive number of seconds, got {value.ToString(CultureInfo.InvariantCulture)}.");
            }
        });
        Timeout.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<double>();
            if (!(value > 0))
            {
                result.AddError($"--timeout-seconds must be a positive number of seconds, got {value.ToString(CultureInfo.InvariantCulture)}.");
            }
        });
    }

    public static Command Create()
    {
        var command = new Command(
            "proxy",
            "Benchmark the forwarding paths on 127.0.0.1: straight to the upstream simulator (no latency), through nginx (proxy_pass), and through Cappy Proxy with reranking disabled, with the First strategy (n candidates, no scoring) and with the scorer. " +
            "Reports requests/s, p50 and p99 latency and the latency each proxy adds over the direct path, at each concurrency. Cappy Proxy runs as a child process of this one. Progress goes to standard error, the table to standard output.");
        Option[] options = [Requests, MaxCellSeconds, Warmup, Concurrency, Paths, CommonOptions.Model, CommonOptions.Device, Simulator, Nginx, Json, Timeout];
        foreach (var option in options)
        {
            command.Options.Add(option);
        }

        command.SetAction(RunAsync);
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var output = parseResult.InvocationConfiguration.Output;
        var error = parseResult.InvocationConfiguration.Error;
        var selected = parseResult.GetValue(Paths)!;
        var settings = new ProxyBenchSettings
        {
            RequestsPerCell = parseResult.GetValue(Requests),
            MaxCellSeconds = parseResult.GetValue(MaxCellSeconds),
            WarmupRequests = parseResult.GetValue(Warmup),
            ConcurrencyLevels = parseResult.GetValue(Concurrency)!,
            Paths = [.. ProxyBenchPath.All.Where(selected.Contains)],
            Model = parseResult.GetValue(CommonOptions.Model),
            Device = parseResult.GetValue(CommonOptions.Device) ?? "auto",
            SimulatorAssembly = parseResult.GetValue(Simulator),
            NginxExecutable = parseResult.GetValue(Nginx),
            JsonFile = parseResult.GetValue(Json),
            TimeoutSeconds = parseResult.GetValue(Timeout),
        };

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stop.Token);
        timeout.CancelAfter(TimeSpan.FromSeconds(settings.TimeoutSeconds));

        // SIGINT and SIGTERM cancel the run instead of ending the process at once, so the simulator, nginx and the
        // proxy are stopped on the way out rather than left running.
        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.Cancel();
        }

        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        ProxyBenchResult result;
        try
        {
            result = await ProxyBenchmark.RunAsync(settings, new BenchProgress(error), timeout.Token);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            await error.WriteLineAsync("The proxy benchmark was stopped; the servers it started have been stopped too.");
            return 130;
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            await error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"The proxy benchmark did not finish within {settings.TimeoutSeconds} s (--timeout-seconds). Lower --requests or --max-cell-seconds, or raise the limit."));
            return 1;
        }
        catch (Exception exception) when (exception is BenchSetupException or HttpRequestException or IOException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync($"The proxy benchmark failed: {exception.Message}");
            return 1;
        }

        ProxyBenchTable.Write(output, result);
        if (settings.JsonFile is { } jsonFile)
        {
            try
            {
                Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(jsonFile))!);
                ProxyBenchJson.Write(jsonFile, result);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                await error.WriteLineAsync($"The figures could not be written to {jsonFile}: {exception.Message}");
                return 1;
            }

            await output.WriteLineAsync($"wrote {jsonFile}");
        }

        return 0;
    }

    private static int[]? ParseLevels(string text)
    {
        var levels = new List<int>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, NumberStyles.Integer, CultureInfo.InvariantCulture, out var level) || level < 1 || levels.Contains(level))
            {
                return null;
            }

            levels.Add(level);
        }

        return levels.Count > 0 ? [.. levels] : null;
    }

    private static string[]? ParsePaths(string text)
    {
        var paths = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return paths.Length > 0 && paths.All(ProxyBenchPath.All.Contains) ? paths : null;
    }

    private static int[]? InvalidLevels(ArgumentResult result)
    {
        result.AddError($"--concurrency must be distinct positive whole numbers separated by commas, e.g. 1,16,64; got '{result.Tokens[0].Value}'.");
        return null;
    }

    private static string[]? InvalidPaths(ArgumentResult result)
    {
        result.AddError($"--paths must be names from {string.Join(", ", ProxyBenchPath.All)} separated by commas; got '{result.Tokens[0].Value}'.");
        return null;
    }

    private static void RequirePositive(OptionResult result, string name, int value)
    {
        if (value < 1)
        {
            result.AddError($"{name} must be at least 1, got {value}.");
        }
    }
}

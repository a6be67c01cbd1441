using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Cappy.Proxy.Bench;

/// <summary>
/// Runs <c>bench proxy</c>: starts the simulator, nginx and Cappy Proxy on 127.0.0.1, then measures every path at
/// every concurrency with one HTTP client, and stops them all again.
/// </summary>
internal sealed class ProxyBenchmark
{
    private static readonly TimeSpan ServerReadyTimeout = TimeSpan.FromSeconds(60);

    // Loading the scorer and its warm-up batch take longest on a slow CPU.
    private static readonly TimeSpan ProxyReadyTimeout = TimeSpan.FromSeconds(180);

    private readonly ProxyBenchSettings _settings;
    private readonly BenchProgress _progress;
    private readonly ChatLoadClient _client;
    private readonly Dictionary<string, string> _skipped = [];
    private readonly List<ProxyCellResult> _cells = [];
    private int _cellsLeft;

    private ProxyBenchmark(ProxyBenchSettings settings, BenchProgress progress, ChatLoadClient client)
    {
        _settings = settings;
        _progress = progress;
        _client = client;
    }

    /// <summary>Runs the benchmark; child processes and the temporary directory are removed on every exit.</summary>
    /// <exception cref="BenchSetupException">The simulator or the proxy could not be started.</exception>
    public static async Task<ProxyBenchResult> RunAsync(ProxyBenchSettings settings, BenchProgress progress, CancellationToken cancellationToken)
    {
        using var client = new ChatLoadClient();
        return await new ProxyBenchmark(settings, progress, client).RunAsync(cancellationToken);
    }

    private async Task<ProxyBenchResult> RunAsync(CancellationToken cancellationToken)
    {
        var levels = _settings.ConcurrencyLevels;

        // Prompts are unique within a cell; every cell reuses the same ones after the warm-up's, because the
        // simulator's answer cursors are reset before each cell.
        var promptCount = _settings.WarmupRequests + _settings.RequestsPerCell;
        var directory = Directory.CreateTempSubdirectory("cappy-bench-proxy-");

        // nginx's worker processes run as an unprivileged user when started by root, and read from here.
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(directory.FullName, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }

        try
        {
            var candidatesFile = Path.Combine(directory.FullName, "candidates.jsonl");
            ProxyBenchPrompts.WriteCandidatesFile(candidatesFile, promptCount);
            var simulatorAssembly = await SimulatorProcess.LocateAsync(_settings.SimulatorAssembly, _progress.Report, cancellationToken);

            var simulatorAddress = LoopbackPort.BaseAddress(LoopbackPort.GetFree());
            _progress.Report($"Starting the upstream simulator ({simulatorAssembly}) at {simulatorAddress} with {promptCount} stored prompts");
            await using var simulator = SimulatorProcess.Start(simulatorAssembly, simulatorAddress.Port, candidatesFile);
            await simulator.WaitUntilReadyAsync(_client.Http, new Uri(simulatorAddress, "sim/stats"), ServerReadyTimeout, cancellationToken);

            await using var nginx = await StartNginxAsync(directory.FullName, simulatorAddress.Port, cancellationToken);
            await using var proxy = await StartProxyAsync(directory.FullName, simulatorAddress.Port, cancellationToken);
            var proxyAddress = proxy?.Address;
            var (scorerModel, scorerDevice) = proxyAddress is null ? (null, null) : await ReadScorerAsync(proxyAddress, cancellationToken);

            var addresses = new Dictionary<string, Uri?>
            {
                [ProxyBenchPath.Direct] = simulatorAddress,
                [ProxyBenchPath.Nginx] = nginx?.Address,
                [ProxyBenchPath.Passthrough] = proxyAddress,
                [ProxyBenchPath.RerankFirst] = proxyAddress,
                [ProxyBenchPath.RerankScorer] = proxyAddress,
            };
            var measured = _settings.Paths.Where(path => !_skipped.ContainsKey(path)).ToArray();
            _cellsLeft = measured.Length * levels.Count;

            foreach (var path in measured)
            {
                await WarmUpAsync(path, addresses[path]!, simulatorAddress, cancellationToken);
            }

            var loadBefore = LoadAverage.ReadOneMinute();

            // All paths run at one concurrency before the next, so the figures compared with each other are taken
            // minutes apart at most, under similar load from other processes.
            foreach (var level in levels)
            {
                foreach (var path in measured)
                {
                    await MeasureCellAsync(path, addresses[path]!, level, simulatorAddress, cancellationToken);
                }
            }

            return new ProxyBenchResult
            {
                Settings = _settings,
                Cells = _cells,
                Skipped = _skipped,
                NginxVersion = nginx?.Version,
                ScorerModel = scorerModel,
                ScorerDevice = scorerDevice,
                Machine = MachineInfo.Read(),
                LoadAverageBefore = loadBefore,
                LoadAverageAfter = LoadAverage.ReadOneMinute(),
            };
        }
        finally
        {
            try
            {
                directory.Delete(recursive: true);
            }
            catch (IOException exception)
            {
                _progress.Report($"The temporary directory {directory.FullName} could not be removed: {exception.Message}");
            }
        }
    }

    private async Task WarmUpAsync(string path, Uri address, Uri simulatorAddress, CancellationToken cancellationToken)
    {
        if (_settings.WarmupRequests == 0)
        {
            return;
        }

        var clients = _settings.ConcurrencyLevels.Max();
        _progress.Report(Invariant($"{path}: warming up with {Plural(_settings.WarmupRequests, "request")} from {Plural(clients, "client")}"));
        await ResetSimulatorAsync(simulatorAddress, cancellationToken);
        var warmup = await RunCellAsync(path, address, clients, 0, _settings.WarmupRequests, cancellationToken);
        if (warmup.Errors + warmup.Lost > 0)
        {
            _progress.Report(Invariant($"  warm-up of {path}: {warmup.Errors} errors, {warmup.Lost} lost of {warmup.Requests} requests"));
        }
    }

    private async Task MeasureCellAsync(string path, Uri address, int concurrency, Uri simulatorAddress, CancellationToken cancellationToken)
    {
        var bound = _settings.MaxCellSeconds > 0
            ? Invariant($", {BenchProgress.FormatDuration(_cellsLeft * _settings.MaxCellSeconds)} by their time limits")
            : string.Empty;
        _progress.Report(Invariant($"{path}, {Plural(concurrency, "concurrent client")}: up to {Plural(_settings.RequestsPerCell, "request")} (cells left: {_cellsLeft}{bound})"));
        await ResetSimulatorAsync(simulatorAddress, cancellationToken);
        var cell = await RunCellAsync(path, address, concurrency, _settings.WarmupRequests, _settings.RequestsPerCell, cancellationToken);
        _cells.Add(cell);
        _cellsLeft--;
        _progress.Report(Invariant($"  done in {BenchProgress.FormatDuration(cell.Seconds)}: {cell.Requests} requests, {cell.RequestsPerSecond:F1} requests/s, p50 {cell.P50Ms:F2} ms, p99 {cell.P99Ms:F2} ms, {cell.Errors} errors, {cell.Lost} lost"));
    }

    /// <summary>Moves the simulator's answer cursors back to the first answer, so every cell gets the same responses.</summary>
    private async Task ResetSimulatorAsync(Uri simulatorAddress, CancellationToken cancellationToken)
    {
        using var reset = await _client.Http.PostAsync(new Uri(simulatorAddress, "sim/reset"), content: null, cancellationToken);
        reset.EnsureSuccessStatusCode();
    }

    private async Task<ProxyCellResult> RunCellAsync(string path, Uri address, int concurrency, int firstPrompt, int count, CancellationToken cancellationToken)
    {
        var route = ProxyBenchPath.IsCappyProxy(path) ? path : null;
        var outcomes = new ChatRequestOutcome[count];
        var milliseconds = new double[count];
        var deadline = _settings.MaxCellSeconds > 0
            ? Stopwatch.GetTimestamp() + (long)(_settings.MaxCellSeconds * Stopwatch.Frequency)
            : long.MaxValue;
        var run = await LoadGenerator.RunAsync(
            Enumerable.Range(0, count).ToArray(),
            concurrency,
            deadline,
            async (local, token) => (outcomes[local], milliseconds[local]) = await _client.SendAsync(address, route, firstPrompt + local, token),
            cancellationToken);

        var completed = run.CompletedRequests;
        var answered = completed.Where(local => outcomes[local] == ChatRequestOutcome.Answered).Select(local => milliseconds[local]).Order().ToArray();
        return new ProxyCellResult(
            path,
            concurrency,
            completed.Length,
            run.Seconds,
            LatencyPercentile.NearestRank(answered, 50),
            LatencyPercentile.NearestRank(answered, 99),
            completed.Count(local => outcomes[local] == ChatRequestOutcome.Error),
            completed.Count(local => outcomes[local] == ChatRequestOutcome.Lost));
    }

    private async Task<StartedServer?> StartNginxAsync(string directory, int upstreamPort, CancellationToken cancellationToken)
    {
        if (!_settings.Paths.Contains(ProxyBenchPath.Nginx))
        {
            return null;
        }

        var executable = NginxProcess.Find(_settings.NginxExecutable);
        if (executable is null)
        {
            var where = _settings.NginxExecutable is { } configured
                ? $"at {configured} (--nginx)"
                : "on the search path or in /usr/sbin, /usr/local/sbin or /usr/local/nginx/sbin";
            Skip(ProxyBenchPath.Nginx, $"nginx was not found {where}; install it with {NginxProcess.InstallCommand}, or pass --nginx PATH.");
            return null;
        }

        var version = await NginxProcess.ReadVersionAsync(executable, cancellationToken);
        var nginxDirectory = Directory.CreateDirectory(Path.Combine(directory, "nginx")).FullName;
        var address = LoopbackPort.BaseAddress(LoopbackPort.GetFree());
        _progress.Report($"Starting {version ?? "nginx"} ({executable}) at {address}, prefix {nginxDirectory}");
        var process = NginxProcess.Start(executable, nginxDirectory, address.Port, upstreamPort);
        try
        {
            await process.WaitUntilReadyAsync(_client.Http, new Uri(address, "sim/stats"), ServerReadyTimeout, cancellationToken);
        }
        catch (BenchSetupException exception)
        {
            await process.DisposeAsync();
            Skip(ProxyBenchPath.Nginx, $"nginx ({executable}) failed to start. {exception.Message}{Environment.NewLine}Its error log: {ReadTail(Path.Combine(nginxDirectory, "error.log"))}");
            return null;
        }

        return new StartedServer(process, address, version);
    }

    private async Task<StartedServer?> StartProxyAsync(string directory, int upstreamPort, CancellationToken cancellationToken)
    {
        if (!_settings.Paths.Any(ProxyBenchPath.IsCappyProxy))
        {
            return null;
        }

        var configDirectory = Directory.CreateDirectory(Path.Combine(directory, "proxy-config")).FullName;
        var address = LoopbackPort.BaseAddress(LoopbackPort.GetFree());
        _progress.Report($"Starting Cappy Proxy at {address} (scorer {_settings.Model ?? "embedded all-MiniLM-L6-v2"}, device {_settings.Device})");
        var process = ProxyProcess.Start(configDirectory, address.Port, upstreamPort, _settings.Model, _settings.Device);
        try
        {
            await process.WaitUntilReadyAsync(_client.Http, new Uri(address, "readyz"), ProxyReadyTimeout, cancellationToken);
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }

        return new StartedServer(process, address, null);
    }

    private async Task<(string? Model, string? Device)> ReadScorerAsync(Uri proxyAddress, CancellationToken cancellationToken)
    {
        var body = await _client.Http.GetByteArrayAsync(new Uri(proxyAddress, "readyz"), cancellationToken);
        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        return (root.GetProperty("model").GetString(), root.GetProperty("execution_provider").GetString());
    }

    private void Skip(string path, string reason)
    {
        _skipped[path] = reason;
        _progress.Report($"Skipping {path}: {reason}");
    }

    private static string ReadTail(string file)
    {
        try
        {
            return File.Exists(file) ? string.Join(" | ", File.ReadLines(file).TakeLast(5)) : "(none)";
        }
        catch (IOException)
        {
            return "(unreadable)";
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static string Plural(int count, string singular) => Invariant($"{count} {singular}{(count == 1 ? string.Empty : "s")}");
}

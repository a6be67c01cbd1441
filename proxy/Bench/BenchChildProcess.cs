using System.Diagnostics;
using System.Text;

namespace Cappy.Proxy.Bench;

/// <summary>
/// A server the proxy benchmark starts (the upstream simulator, nginx or the proxy). Its standard output and
/// error are read continuously so the pipes never fill, and the last lines are kept for error messages. Disposing
/// it kills the process and its children.
/// </summary>
internal sealed class BenchChildProcess : IAsyncDisposable
{
    private const int KeptLines = 20;

    private readonly Process _process;
    private readonly Queue<string> _lastLines = new();
    private readonly Lock _linesLock = new();

    private BenchChildProcess(string name, Process process)
    {
        Name = name;
        _process = process;
    }

    /// <summary>Name used in progress lines and error messages.</summary>
    public string Name { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>Starts <paramref name="startInfo"/>; output redirection is set here.</summary>
    /// <exception cref="BenchSetupException">The executable could not be started.</exception>
    public static BenchChildProcess Start(string name, ProcessStartInfo startInfo)
    {
        startInfo.UseShellExecute = false;
        startInfo.RedirectStandardInput = true;
        startInfo.RedirectStandardOutput = true;
        startInfo.RedirectStandardError = true;
        startInfo.StandardOutputEncoding = Encoding.UTF8;
        startInfo.StandardErrorEncoding = Encoding.UTF8;

        var process = new Process { StartInfo = startInfo };
        var child = new BenchChildProcess(name, process);
        process.OutputDataReceived += (_, line) => child.Keep(line.Data);
        process.ErrorDataReceived += (_, line) => child.Keep(line.Data);
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            process.Dispose();
            throw new BenchSetupException($"{name} could not be started ({startInfo.FileName}): {exception.Message}", exception);
        }

        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>
    /// Polls <paramref name="readyUrl"/> with GET until it answers 200. Throws <see cref="BenchSetupException"/>
    /// with the process's last output lines when the process exits first or <paramref name="timeout"/> passes.
    /// </summary>
    public async Task WaitUntilReadyAsync(HttpClient client, Uri readyUrl, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            if (_process.HasExited)
            {
                throw new BenchSetupException($"{Name} exited with status {_process.ExitCode} before it was ready. Its last output:{Environment.NewLine}{LastOutput()}");
            }

            try
            {
                using var response = await client.GetAsync(readyUrl, cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            if (Stopwatch.GetTimestamp() > deadline)
            {
                throw new BenchSetupException($"{Name} was not ready at {readyUrl} after {timeout.TotalSeconds:F0} s. Its last output:{Environment.NewLine}{LastOutput()}");
            }

            await Task.Delay(100, cancellationToken);
        }
    }

    /// <summary>Waits for the process to exit and returns its exit status.</summary>
    public async Task<int> WaitForExitAsync(CancellationToken cancellationToken)
    {
        await _process.WaitForExitAsync(cancellationToken);
        return _process.ExitCode;
    }

    /// <summary>Returns the last lines the process wrote, oldest first.</summary>
    public string LastOutput()
    {
        lock (_linesLock)
        {
            return _lastLines.Count == 0 ? "(no output)" : string.Join(Environment.NewLine, _lastLines);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (Exception exception) when (exception is InvalidOperationException or OperationCanceledException or System.ComponentModel.Win32Exception)
        {
            // The process is gone already, or did not stop in time; either way nothing more can be done here.
        }
        finally
        {
            _process.Dispose();
        }
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_linesLock)
        {
            _lastLines.Enqueue(line);
            if (_lastLines.Count > KeptLines)
            {
                _lastLines.Dequeue();
            }
        }
    }
}

using System.Diagnostics;
using System.Globalization;

namespace Cappy.Proxy.Bench;

/// <summary>
/// Writes one line per benchmark phase to standard error, with the time since the run started and an estimate of
/// the time left. The estimate divides the planned work (FLOPs, or tokens when the model's sizes are unknown) of
/// the remaining phases by the rate measured in the phases so far, or by a first guess before any phase ended.
/// </summary>
internal sealed class BenchProgress
{
    private readonly TextWriter _writer;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private double _remainingWork;
    private double _doneWork;
    private double _doneSeconds;
    private double? _guessedRate;

    public BenchProgress(TextWriter writer)
    {
        _writer = writer;
    }

    /// <summary>Seconds since the run started.</summary>
    public double ElapsedSeconds => _clock.Elapsed.TotalSeconds;

    /// <summary>Sets the work of all measured phases and, when known, a first guess of the rate in work per second.</summary>
    public void Plan(double totalWork, double? guessedRate)
    {
        _remainingWork = totalWork;
        _guessedRate = guessedRate;
    }

    /// <summary>Writes a line without an estimate, for steps outside the planned work (loading, probing).</summary>
    public void Report(string message) => Write(message);

    /// <summary>Writes the start of a measured phase and the estimated time left for it and all later phases.</summary>
    public void StartPhase(string description)
    {
        var rate = _doneSeconds > 0 ? _doneWork / _doneSeconds : _guessedRate;
        var estimate = rate is > 0 ? FormatDuration(_remainingWork / rate.Value) : "unknown until the first phase ends";
        Write($"{description} (time left, estimated: {estimate})");
    }

    /// <summary>Records a finished phase's planned work and seconds and writes its result.</summary>
    public void EndPhase(double plannedWork, double seconds, string summary)
    {
        _remainingWork = Math.Max(0, _remainingWork - plannedWork);
        _doneWork += plannedWork;
        _doneSeconds += seconds;
        Write($"  done in {FormatDuration(seconds)}: {summary}");
    }

    private void Write(string message)
    {
        _writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{FormatDuration(ElapsedSeconds),9}] {message}"));
        _writer.Flush();
    }

    /// <summary>Formats seconds as <c>12.3 s</c> below a minute and <c>4 min 05 s</c> above.</summary>
    public static string FormatDuration(double seconds) =>
        seconds < 60
            ? string.Create(CultureInfo.InvariantCulture, $"{seconds:F1} s")
            : string.Create(CultureInfo.InvariantCulture, $"{(int)(seconds / 60)} min {(int)(seconds % 60):D2} s");
}

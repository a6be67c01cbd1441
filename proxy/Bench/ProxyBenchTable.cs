using System.Globalization;

namespace Cappy.Proxy.Bench;

/// <summary>Prints the proxy benchmark's figures as a fixed-width table, one row per path and concurrency.</summary>
internal static class ProxyBenchTable
{
    public static void Write(TextWriter writer, ProxyBenchResult result)
    {
        writer.WriteLine(Invariant($"{"path",-14} {"clients",7} {"requests",8} {"req/s",9} {"p50 ms",8} {"p99 ms",8} {"+p50 ms",8} {"+p99 ms",8} {"errors",6} {"lost",5}"));
        foreach (var cell in result.Cells)
        {
            var (addedP50, addedP99) = result.AddedLatency(cell);
            writer.WriteLine(Invariant(
                $"{cell.Path,-14} {cell.Concurrency,7} {cell.Requests,8} {cell.RequestsPerSecond,9:F1} {Format(cell.P50Ms),8} {Format(cell.P99Ms),8} {Format(addedP50),8} {Format(addedP99),8} {cell.Errors,6} {cell.Lost,5}"));
        }

        foreach (var (path, reason) in result.Skipped)
        {
            writer.WriteLine($"{path}: skipped. {reason}");
        }

        writer.WriteLine();
        writer.WriteLine("+p50 and +p99: latency the path adds over the direct path at the same concurrency.");
        var scorer = result.ScorerModel is null ? "not run" : $"{result.ScorerModel} on {result.ScorerDevice}";
        writer.WriteLine(Invariant(
            $"Machine: {result.Machine.CpuModel}, {result.Machine.LogicalCores} logical cores, load average {Format(result.LoadAverageBefore)} before the first cell and {Format(result.LoadAverageAfter)} after the last. Scorer: {scorer}. nginx: {result.NginxVersion ?? "not run"}."));
    }

    private static string Format(double? value) => value is { } number ? number.ToString("F2", CultureInfo.InvariantCulture) : "-";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

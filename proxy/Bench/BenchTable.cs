using System.Globalization;

namespace Cappy.Proxy.Bench;

/// <summary>Writes a benchmark result as a plain-text table with the ratios and settings below it.</summary>
internal static class BenchTable
{
    public static void Write(TextWriter writer, ScorerBenchResult result)
    {
        var machine = result.Machine;
        writer.WriteLine(Invariant($"Scorer benchmark: model {result.ModelName} on {result.Device}; {machine.CpuModel}, {machine.LogicalCores} logical cores, {machine.MemoryGb:F1} GB; ONNX Runtime {machine.OnnxRuntimeVersion}"));
        writer.WriteLine();
        writer.WriteLine(Invariant($"{"phase",-58} {"requests",8} {"pairs",6} {"tokens",8} {"padded",8} {"seconds",8} {"pairs/s",8} {"tokens/s",9} {"GFLOP/s",8}"));
        foreach (var phase in result.Pipeline.Append(result.BareReplay).Append(result.Sequential).Append(result.DynamicPadding).Append(result.FixedPadding))
        {
            var requests = phase.Requests > 0 ? phase.Requests.ToString(CultureInfo.InvariantCulture) : "-";
            var phaseGflops = phase.Gflops is { } value ? value.ToString("F1", CultureInfo.InvariantCulture) : "n/a";
            writer.WriteLine(Invariant($"{phase.Description,-58} {requests,8} {phase.Pairs,6} {phase.Tokens,8} {phase.PaddedTokens,8} {phase.Seconds,8:F2} {phase.PairsPerSecond,8:F2} {phase.TokensPerSecond,9:F0} {phaseGflops,8}"));
        }

        writer.WriteLine();
        writer.WriteLine(Invariant($"pipeline / bare session runs, same batches ({result.Workload.OverheadConcurrency} concurrent): {result.PipelineVsRawRatio:F3} (target >= 0.95)"));
        writer.WriteLine(Invariant($"dynamic padding / padding to {result.PadLength}: {result.DynamicVsPadRatio:F2}x (target >= 3x)"));
        writer.WriteLine(Invariant($"cross-request batching / one request at a time ({result.HighestConcurrency.Concurrency} concurrent): {result.BatchedVsSequentialRatio:F2}x"));
        if (result.Gflops is { } gflops)
        {
            writer.WriteLine(Invariant($"achieved {gflops:F1} GFLOP/s at {result.HighestConcurrency.Concurrency} concurrent = {result.GflopsPercentOfMatMul:F1}% of the MatMul probe's {result.MatMulGflops:F1} GFLOP/s"));
            writer.WriteLine(Invariant($"  {TransformerFlops.Formula}; here L = {result.ModelFlops!.Layers}, H = {result.ModelFlops.Hidden}, I = {result.ModelFlops.Intermediate}, P = {result.ModelFlops.MatMulParameters:N0}"));
        }
        else
        {
            writer.WriteLine(Invariant($"GFLOP/s not computed: the model directory has no config.json with num_hidden_layers, hidden_size and intermediate_size; MatMul probe {result.MatMulGflops:F1} GFLOP/s"));
        }

        if (result.LoadAverageBefore is { } before && result.LoadAverageAfter is { } after)
        {
            writer.WriteLine(Invariant($"one-minute load average before and after the measured phases: {before:F2}, {after:F2} ({machine.LogicalCores} logical cores)"));
        }

        writer.WriteLine(Invariant($"peak working set: {result.PeakWorkingSetMb:F0} MB ({(result.PeakWorkingSetSinceModelLoad ? "since the model started loading" : "of the whole process")})"));
        var options = result.Settings.Scorer;
        writer.WriteLine(Invariant($"settings: graph optimization {BenchOptionValues.FormatGraphOptimization(options.GraphOptimizationLevel)}, intra-op threads {options.IntraOpThreads} (0 = ONNX Runtime's choice), memory arena {(options.EnableCpuMemArena ? "on" : "off")}, int8 {(result.Settings.Int8 ? "on" : "off")}, max length {options.MaxLength}, batches of at most {options.Batching.MaxBatchRows} rows and {options.Batching.MaxBatchTokens} padded tokens, batch window {options.Batching.BatchWindow.TotalMilliseconds} ms, {result.Workload.RequestsPerClient} request(s) per client"));
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

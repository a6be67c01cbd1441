using System.Text.Encodings.Web;
using System.Text.Json;

namespace Cappy.Proxy.Bench;

/// <summary>Writes a benchmark result as one JSON object with snake_case keys: the headline figures at the top level, then settings, machine and phases.</summary>
internal static class BenchJson
{
    /// <remarks>Non-ASCII text such as the × of the FLOP formula is written as is, because the file is read as JSON, not embedded in HTML.</remarks>
    public static void Write(string path, ScorerBenchResult result)
    {
        using var stream = File.Create(path);
        using var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        writer.WriteStartObject();
        writer.WriteString("device", result.Device);
        writer.WriteString("model", result.ModelName);
        writer.WriteString("model_directory", result.ModelDirectory);
        writer.WriteNumber("pipeline_vs_raw_ratio", result.PipelineVsRawRatio);
        writer.WriteNumber("dynamic_vs_pad512_ratio", result.DynamicVsPadRatio);
        writer.WriteNumber("batched_vs_sequential_ratio", result.BatchedVsSequentialRatio);
        WriteNullable(writer, "gflops", result.Gflops);
        WriteNullable(writer, "gflops_percent_of_matmul", result.GflopsPercentOfMatMul);
        writer.WriteNumber("matmul_gflops", result.MatMulGflops);
        foreach (var phase in result.Pipeline)
        {
            writer.WriteNumber($"pairs_per_s_c{phase.Concurrency}", phase.PairsPerSecond);
            writer.WriteNumber($"tokens_per_s_c{phase.Concurrency}", phase.TokensPerSecond);
        }

        writer.WriteNumber("peak_working_set_mb", result.PeakWorkingSetMb);
        writer.WriteBoolean("peak_working_set_since_model_load", result.PeakWorkingSetSinceModelLoad);
        writer.WriteString("flops_formula", TransformerFlops.Formula);
        if (result.ModelFlops is { } flops)
        {
            writer.WriteStartObject("flops_model");
            writer.WriteNumber("layers", flops.Layers);
            writer.WriteNumber("hidden", flops.Hidden);
            writer.WriteNumber("intermediate", flops.Intermediate);
            writer.WriteNumber("matmul_parameters", flops.MatMulParameters);
            writer.WriteEndObject();
        }

        WriteSettings(writer, result);
        WriteMachine(writer, result.Machine, result.LoadAverageBefore, result.LoadAverageAfter);
        writer.WriteStartArray("phases");
        foreach (var phase in result.Pipeline.Append(result.BareReplay).Append(result.Sequential).Append(result.DynamicPadding).Append(result.FixedPadding))
        {
            WritePhase(writer, phase);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteSettings(Utf8JsonWriter writer, ScorerBenchResult result)
    {
        var options = result.Settings.Scorer;
        writer.WriteStartObject("settings");
        writer.WriteString("execution_provider", options.ExecutionProvider);
        writer.WriteString("graph_optimization", BenchOptionValues.FormatGraphOptimization(options.GraphOptimizationLevel));
        writer.WriteNumber("intra_op_threads", options.IntraOpThreads);
        writer.WriteBoolean("memory_arena", options.EnableCpuMemArena);
        writer.WriteBoolean("int8", result.Settings.Int8);
        writer.WriteNumber("max_length", options.MaxLength);
        writer.WriteNumber("max_batch_tokens", options.Batching.MaxBatchTokens);
        writer.WriteNumber("max_batch_rows", options.Batching.MaxBatchRows);
        writer.WriteNumber("batch_window_ms", options.Batching.BatchWindow.TotalMilliseconds);
        writer.WriteNumber("candidates_per_request", BenchWorkload.CandidatesPerRequest);
        writer.WriteNumber("requests_per_client", result.Workload.RequestsPerClient);
        writer.WriteNumber("pad_requests", result.Workload.PadRequests);
        writer.WriteNumber("pad_length", result.PadLength);
        writer.WriteNumber("pad_batch_rows", result.PadBatchRows);
        writer.WriteNumber("overhead_concurrency", result.Workload.OverheadConcurrency);
        writer.WriteNumber("max_seconds", result.Settings.MaxSeconds);
        writer.WriteString("candidates_file", result.CandidatesFile);
        writer.WriteEndObject();
    }

    private static void WriteMachine(Utf8JsonWriter writer, MachineInfo machine, double? loadBefore, double? loadAfter)
    {
        writer.WriteStartObject("machine");
        writer.WriteNumber("logical_cores", machine.LogicalCores);
        writer.WriteString("cpu_model", machine.CpuModel);
        writer.WriteNumber("memory_gb", Math.Round(machine.MemoryGb, 1));
        writer.WriteString("os", machine.OperatingSystem);
        writer.WriteString("runtime", machine.Runtime);
        writer.WriteString("onnxruntime", machine.OnnxRuntimeVersion);
        WriteNullable(writer, "load_average_1m_before", loadBefore);
        WriteNullable(writer, "load_average_1m_after", loadAfter);
        writer.WriteEndObject();
    }

    private static void WritePhase(Utf8JsonWriter writer, PhaseResult phase)
    {
        writer.WriteStartObject();
        writer.WriteString("name", phase.Name);
        writer.WriteString("description", phase.Description);
        writer.WriteNumber("concurrency", phase.Concurrency);
        writer.WriteNumber("requests", phase.Requests);
        writer.WriteNumber("pairs", phase.Pairs);
        writer.WriteNumber("tokens", phase.Tokens);
        writer.WriteNumber("padded_tokens", phase.PaddedTokens);
        writer.WriteNumber("seconds", phase.Seconds);
        writer.WriteNumber("pairs_per_s", phase.PairsPerSecond);
        writer.WriteNumber("tokens_per_s", phase.TokensPerSecond);
        WriteNullable(writer, "gflops", phase.Gflops);
        writer.WriteEndObject();
    }

    private static void WriteNullable(Utf8JsonWriter writer, string name, double? value)
    {
        if (value is { } number)
        {
            writer.WriteNumber(name, number);
        }
        else
        {
            writer.WriteNull(name);
        }
    }
}

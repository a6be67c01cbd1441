using System.Text.Json;

namespace Cappy.Proxy.Bench;

/// <summary>
/// Writes the proxy benchmark's figures as one JSON object with snake_case keys: <c>results</c> holds one object
/// per path and concurrency, <c>skipped</c> one per path that did not run, with the reason.
/// </summary>
internal static class ProxyBenchJson
{
    public static void Write(string path, ProxyBenchResult result)
    {
        using var stream = File.Create(path);
        using var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        writer.WriteStartObject();
        writer.WriteStartArray("results");
        foreach (var cell in result.Cells)
        {
            var (addedP50, addedP99) = result.AddedLatency(cell);
            writer.WriteStartObject();
            writer.WriteString("path", cell.Path);
            writer.WriteNumber("concurrency", cell.Concurrency);
            writer.WriteNumber("requests", cell.Requests);
            writer.WriteNumber("seconds", Math.Round(cell.Seconds, 3));
            writer.WriteNumber("requests_per_s", Math.Round(cell.RequestsPerSecond, 1));
            WriteNullable(writer, "p50_ms", cell.P50Ms);
            WriteNullable(writer, "p99_ms", cell.P99Ms);
            WriteNullable(writer, "added_p50_ms", addedP50);
            WriteNullable(writer, "added_p99_ms", addedP99);
            writer.WriteNumber("errors", cell.Errors);
            writer.WriteNumber("lost", cell.Lost);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteStartArray("skipped");
        foreach (var (skippedPath, reason) in result.Skipped)
        {
            writer.WriteStartObject();
            writer.WriteString("path", skippedPath);
            writer.WriteString("reason", reason);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        WriteSettings(writer, result);
        WriteMachine(writer, result);
        writer.WriteEndObject();
    }

    private static void WriteSettings(Utf8JsonWriter writer, ProxyBenchResult result)
    {
        var settings = result.Settings;
        writer.WriteStartObject("settings");
        writer.WriteNumber("requests_per_cell", settings.RequestsPerCell);
        writer.WriteNumber("max_cell_seconds", settings.MaxCellSeconds);
        writer.WriteNumber("warmup_requests", settings.WarmupRequests);
        writer.WriteStartArray("concurrency");
        foreach (var level in settings.ConcurrencyLevels)
        {
            writer.WriteNumberValue(level);
        }

        writer.WriteEndArray();
        writer.WriteNumber("candidates_per_request", ProxyBenchPrompts.CandidatesPerPrompt);
        writer.WriteNumber("request_timeout_s", ChatLoadClient.RequestTimeout.TotalSeconds);
        WriteNullableString(writer, "scorer_model", result.ScorerModel);
        WriteNullableString(writer, "scorer_device", result.ScorerDevice);
        WriteNullableString(writer, "nginx_version", result.NginxVersion);
        writer.WriteEndObject();
    }

    private static void WriteMachine(Utf8JsonWriter writer, ProxyBenchResult result)
    {
        var machine = result.Machine;
        writer.WriteStartObject("machine");
        writer.WriteNumber("logical_cores", machine.LogicalCores);
        writer.WriteString("cpu_model", machine.CpuModel);
        writer.WriteNumber("memory_gb", Math.Round(machine.MemoryGb, 1));
        writer.WriteString("os", machine.OperatingSystem);
        writer.WriteString("runtime", machine.Runtime);
        WriteNullable(writer, "load_average_1m_before", result.LoadAverageBefore);
        WriteNullable(writer, "load_average_1m_after", result.LoadAverageAfter);
        writer.WriteEndObject();
    }

    private static void WriteNullable(Utf8JsonWriter writer, string name, double? value)
    {
        if (value is { } number)
        {
            writer.WriteNumber(name, Math.Round(number, 3));
        }
        else
        {
            writer.WriteNull(name);
        }
    }

    private static void WriteNullableString(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }
}

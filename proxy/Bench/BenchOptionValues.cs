using Microsoft.ML.OnnxRuntime;

namespace Cappy.Proxy.Bench;

/// <summary>Command-line names of ONNX Runtime's graph optimization levels.</summary>
internal static class BenchOptionValues
{
    public static IReadOnlyList<string> GraphOptimizationNames { get; } = ["disable", "basic", "extended", "all"];

    public static GraphOptimizationLevel ParseGraphOptimization(string name) => name switch
    {
        "disable" => GraphOptimizationLevel.ORT_DISABLE_ALL,
        "basic" => GraphOptimizationLevel.ORT_ENABLE_BASIC,
        "extended" => GraphOptimizationLevel.ORT_ENABLE_EXTENDED,
        "all" => GraphOptimizationLevel.ORT_ENABLE_ALL,
        _ => throw new ArgumentException($"Graph optimization '{name}' is invalid: expected one of {string.Join(", ", GraphOptimizationNames)}.", nameof(name)),
    };

    public static string FormatGraphOptimization(GraphOptimizationLevel level) => level switch
    {
        GraphOptimizationLevel.ORT_DISABLE_ALL => "disable",
        GraphOptimizationLevel.ORT_ENABLE_BASIC => "basic",
        GraphOptimizationLevel.ORT_ENABLE_EXTENDED => "extended",
        GraphOptimizationLevel.ORT_ENABLE_ALL => "all",
        _ => level.ToString(),
    };
}

using System.CommandLine;
using System.Globalization;
using Cappy.Scorer.Models;
using Cappy.Scorer.Quantization;

namespace Cappy.Proxy.Cli;

/// <summary>
/// <c>quantize</c>: writes an int8 dynamically quantized copy of a scorer model directory, for faster CPU scoring.
/// Weights of large MatMul and Gemm nodes become int8 with one scale per output column; activations are quantized
/// at run time. The tokenizer files and <c>config.json</c> are copied beside it.
/// </summary>
internal static class QuantizeCommand
{
    private static readonly Option<string> Model = new("--model")
    {
        Description = "Scorer model directory to quantize (an optimum ONNX export with model.onnx).",
        Required = true,
    };

    private static readonly Option<string> Output = new("--output")
    {
        Description = "Directory to write the quantized model.onnx and copies of the tokenizer files into; created if missing.",
        Required = true,
    };

    public static Command Create()
    {
        var command = new Command("quantize", "Write an int8 dynamically quantized copy of a scorer model directory (faster on CPUs; check its scores against the original).");
        command.Options.Add(Model);
        command.Options.Add(Output);
        command.SetAction(Run);
        return command;
    }

    private static int Run(ParseResult parseResult)
    {
        var source = Path.GetFullPath(parseResult.GetValue(Model)!);
        var target = Path.GetFullPath(parseResult.GetValue(Output)!);
        if (string.Equals(source, target, StringComparison.Ordinal))
        {
            Console.Error.WriteLine("--output must differ from --model: the quantized model would replace the original.");
            return 1;
        }

        DynamicQuantizationReport report;
        try
        {
            Directory.CreateDirectory(target);
            report = DynamicQuantizer.QuantizeFile(Path.Combine(source, "model.onnx"), Path.Combine(target, "model.onnx"));
            foreach (var name in new[] { "vocab.json", "merges.txt", "vocab.txt", "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "config.json" })
            {
                var file = Path.Combine(source, name);
                if (File.Exists(file))
                {
                    File.Copy(file, Path.Combine(target, name), overwrite: true);
                }
            }
        }
        catch (Exception exception) when (exception is ScorerModelException or IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine(exception.Message);
            return 1;
        }

        var skipped = string.Join(", ", report.SkippedCountByReason.Select(entry => $"{entry.Value} {entry.Key}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Quantized {report.QuantizedCount} nodes ({report.QuantizedMatMulCount} MatMul, {report.QuantizedGemmCount} Gemm); left in float: {(skipped.Length == 0 ? "none" : skipped)}."));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{report.InputFileBytes / 1e6:F1} MB -> {report.OutputFileBytes / 1e6:F1} MB: {Path.Combine(target, "model.onnx")}"));
        return 0;
    }
}

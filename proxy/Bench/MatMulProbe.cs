using System.Diagnostics;
using System.Runtime.InteropServices;
using Cappy.Scorer.Synthetic;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Onnx;

namespace Cappy.Proxy.Bench;

/// <summary>
/// Measures the machine's float32 matrix-multiply rate through ONNX Runtime: one MatMul of an [M, K] input by a
/// constant [K, N] weight, the shape of the model's feed-forward layers, on the same execution provider and
/// session settings as the scorer.
/// </summary>
internal static class MatMulProbe
{
    public const int M = 1024;
    public const int K = 4096;
    public const int N = 1024;

    private const string InputName = "a";
    private const string OutputName = "y";

    /// <summary>FLOPs of one run: 2 × M × K × N (a multiply and an add per term).</summary>
    public static double FlopsPerRun => 2.0 * M * K * N;

    /// <summary>Returns the ONNX model <c>y = MatMul(a, b)</c> with <c>b</c> a seeded random initializer.</summary>
    public static byte[] BuildModel()
    {
        var weights = new float[K * N];
        var random = new Random(1234);
        for (var i = 0; i < weights.Length; i++)
        {
            weights[i] = (float)((random.NextDouble() * 2) - 1);
        }

        var builder = new OnnxGraphBuilder("matmul_probe");
        var graph = builder.Graph;
        graph.Input.Add(OnnxGraphBuilder.TensorValue(InputName, TensorProto.Types.DataType.Float, M, K));
        graph.Output.Add(OnnxGraphBuilder.TensorValue(OutputName, TensorProto.Types.DataType.Float, M, N));
        var weight = new TensorProto { Name = "b", DataType = (int)TensorProto.Types.DataType.Float, RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(weights.AsSpan())) };
        weight.Dims.AddRange([K, N]);
        graph.Initializer.Add(weight);
        graph.Node.Add(new NodeProto { OpType = "MatMul", Name = "matmul", Input = { InputName, weight.Name }, Output = { OutputName } });

        var model = new ModelProto
        {
            IrVersion = RobertaOnnxGenerator.IrVersion,
            ProducerName = "cappy-proxy bench",
            Graph = graph,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = string.Empty, Version = RobertaOnnxGenerator.OpsetVersion });
        return model.ToByteArray();
    }

    /// <summary>
    /// Runs the probe once to warm up, then until <paramref name="minSeconds"/> have passed and at least three runs
    /// are timed; returns GFLOP/s of the median run. The input and output live in the provider's memory (bound
    /// with IO binding), so on CUDA no copy between host and device is timed.
    /// </summary>
    public static double MeasureGflops(InferenceSession session, string executionProvider, double minSeconds)
    {
        var onCuda = executionProvider.StartsWith("cuda", StringComparison.Ordinal);
        using var memoryInfo = onCuda
            ? new OrtMemoryInfo(OrtMemoryInfo.allocatorCUDA, OrtAllocatorType.DeviceAllocator, DeviceId(executionProvider), OrtMemType.Default)
            : new OrtMemoryInfo(OrtMemoryInfo.allocatorCPU, OrtAllocatorType.ArenaAllocator, 0, OrtMemType.Default);
        long[] shape = [M, K];

        // The allocator owns the device input's memory, so it must outlive the input.
        using var allocator = onCuda ? new OrtAllocator(session, memoryInfo) : null;
        using var input = allocator is null ? CreateHostInput(shape) : CreateDeviceInput(allocator, shape);
        using var binding = session.CreateIoBinding();
        using var runOptions = new RunOptions();
        binding.BindInput(InputName, input);
        binding.BindOutputToDevice(OutputName, memoryInfo);

        session.RunWithBinding(runOptions, binding);
        var times = new List<double>();
        var total = Stopwatch.StartNew();
        while (times.Count < 3 || total.Elapsed.TotalSeconds < minSeconds)
        {
            var run = Stopwatch.StartNew();
            session.RunWithBinding(runOptions, binding);
            times.Add(run.Elapsed.TotalSeconds);
        }

        times.Sort();
        return FlopsPerRun / times[times.Count / 2] / 1e9;
    }

    // NOTE: the CUDA branch has not run here, because no GPU was available while it was written.
    private static OrtValue CreateDeviceInput(OrtAllocator allocator, long[] shape)
    {
        // The values are left uninitialized because the time of a GPU MatMul does not depend on them.
        return OrtValue.CreateAllocatedTensorValue(allocator, TensorElementType.Float, shape);
    }

    private static OrtValue CreateHostInput(long[] shape)
    {
        var values = new float[M * K];
        var random = new Random(5678);
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (float)((random.NextDouble() * 2) - 1);
        }

        return OrtValue.CreateTensorValueFromMemory(values, shape);
    }

    private static int DeviceId(string executionProvider)
    {
        var colon = executionProvider.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? 0 : int.Parse(executionProvider.AsSpan(colon + 1), System.Globalization.CultureInfo.InvariantCulture);
    }
}

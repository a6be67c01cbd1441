using Cappy.Scorer.Models;
using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;

namespace Cappy.Scorer.Inference;

/// <summary>
/// Creates ONNX Runtime sessions with the configured execution provider. This is the only place that builds
/// <see cref="SessionOptions"/>, and it disposes each one once its session exists.
/// </summary>
internal sealed partial class OnnxSessionFactory
{
    private readonly ScorerOptions _options;
    private readonly ExecutionProviderSetting _provider;
    private readonly ILogger _logger;

    public OnnxSessionFactory(ScorerOptions options, ExecutionProviderSetting provider, ILogger logger)
    {
        _options = options;
        _provider = provider;
        _logger = logger;
    }

    /// <summary>Loads the ONNX file at <paramref name="modelPath"/>.</summary>
    public LoadedSession Load(string modelPath) =>
        Load(sessionOptions => new InferenceSession(modelPath, sessionOptions), modelPath);

    /// <summary>Loads an ONNX model from memory. <paramref name="modelName"/> names it in error messages.</summary>
    public LoadedSession Load(byte[] model, string modelName) =>
        Load(sessionOptions => new InferenceSession(model, sessionOptions), modelName);

    private LoadedSession Load(Func<SessionOptions, InferenceSession> createSession, string modelFile)
    {
        return _provider.Kind switch
        {
            ExecutionProviderKind.Cpu => new LoadedSession(CreateSession(createSession, modelFile, useCuda: false), ExecutionProviderSetting.CpuName),
            ExecutionProviderKind.Cuda => LoadOnCuda(createSession, modelFile),
            _ => LoadOnCudaOrCpu(createSession, modelFile),
        };
    }

    // NOTE: only a CUDA provider that fails to register becomes an ExecutionProviderException. If the provider
    // registers but the session then fails on it (e.g. no CUDA device), the caller gets a ScorerModelException
    // carrying ONNX Runtime's message. Tested only on machines without the CUDA libraries.
    private LoadedSession LoadOnCuda(Func<SessionOptions, InferenceSession> createSession, string modelFile)
    {
        try
        {
            return new LoadedSession(CreateSession(createSession, modelFile, useCuda: true), _provider.CudaName);
        }
        catch (OnnxRuntimeException exception)
        {
            throw new ExecutionProviderException(
                $"ExecutionProvider '{_options.ExecutionProvider}' requires CUDA on device {_provider.DeviceId}, but the ONNX Runtime CUDA execution provider failed to load: {CudaProviderDiagnostics.DescribeFailure(exception)}. " +
                "Install the CUDA and cuDNN versions this ONNX Runtime build needs, or set ExecutionProvider to auto or cpu.",
                exception);
        }
    }

    private LoadedSession LoadOnCudaOrCpu(Func<SessionOptions, InferenceSession> createSession, string modelFile)
    {
        try
        {
            return new LoadedSession(CreateSession(createSession, modelFile, useCuda: true), _provider.CudaName);
        }
        catch (OnnxRuntimeException exception)
        {
            // The CUDA provider library or one of its dependencies failed to load.
            Log.CudaFallbackToCpu(_logger, _provider.CudaName, CudaProviderDiagnostics.DescribeFailure(exception));
        }
        catch (ScorerModelException exception)
        {
            // The provider loaded but the session failed on it, e.g. with no CUDA device present. A model that
            // is itself broken fails again on the CPU below, and that error is the one the caller gets.
            var session = CreateSession(createSession, modelFile, useCuda: false);
            Log.CudaFallbackToCpu(_logger, _provider.CudaName, exception.InnerException?.Message ?? exception.Message);
            return new LoadedSession(session, ExecutionProviderSetting.CpuName);
        }

        return new LoadedSession(CreateSession(createSession, modelFile, useCuda: false), ExecutionProviderSetting.CpuName);
    }

    /// <summary>
    /// Creates the session. An <see cref="OnnxRuntimeException"/> that escapes comes from registering the CUDA
    /// provider, while a failure to create the session itself becomes a <see cref="ScorerModelException"/>.
    /// </summary>
    private InferenceSession CreateSession(Func<SessionOptions, InferenceSession> createSession, string modelFile, bool useCuda)
    {
        using var sessionOptions = CreateSessionOptions(useCuda);
        try
        {
            return createSession(sessionOptions);
        }
        catch (OnnxRuntimeException exception)
        {
            throw new ScorerModelException(
                $"Model file '{modelFile}' could not be loaded: expected an ONNX model (a ModelProto protobuf) that ONNX Runtime can run. ONNX Runtime reported: {exception.Message}",
                modelFile,
                exception);
        }
    }

    /// <summary>
    /// Adds the CUDA provider with ONNX Runtime's own console log muted, because a failure to load it already
    /// reaches the caller as an exception and, with <c>auto</c>, as one warning of this library.
    /// </summary>
    private void AppendCuda(SessionOptions sessionOptions)
    {
        var environment = OrtEnv.Instance();
        var level = environment.EnvLogLevel;
        environment.EnvLogLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL;
        try
        {
            sessionOptions.AppendExecutionProvider_CUDA(_provider.DeviceId);
        }
        finally
        {
            environment.EnvLogLevel = level;
        }
    }

    private SessionOptions CreateSessionOptions(bool useCuda)
    {
        var sessionOptions = new SessionOptions
        {
            GraphOptimizationLevel = _options.GraphOptimizationLevel,
            IntraOpNumThreads = _options.IntraOpThreads,
            EnableCpuMemArena = _options.EnableCpuMemArena,
        };

        try
        {
            if (useCuda)
            {
                AppendCuda(sessionOptions);
            }

            return sessionOptions;
        }
        catch
        {
            sessionOptions.Dispose();
            throw;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = ScorerEventIds.CudaFallbackToCpu, Level = LogLevel.Warning,
            Message = "Execution provider auto: the CUDA execution provider for {Device} failed to load, so the scorer runs on the CPU. Reason: {Reason}")]
        public static partial void CudaFallbackToCpu(ILogger logger, string device, string reason);
    }
}

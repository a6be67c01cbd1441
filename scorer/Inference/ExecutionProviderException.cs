namespace Cappy.Scorer.Inference;

/// <summary>
/// Thrown at start-up when the execution provider that the settings require (e.g. <c>cuda</c>) fails to load.
/// The message names the setting and ONNX Runtime's reason, such as a missing CUDA library.
/// </summary>
public sealed class ExecutionProviderException : Exception
{
    /// <summary>Creates the exception with no message.</summary>
    public ExecutionProviderException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public ExecutionProviderException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the ONNX Runtime error that caused it.</summary>
    public ExecutionProviderException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

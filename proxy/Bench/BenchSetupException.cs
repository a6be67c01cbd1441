namespace Cappy.Proxy.Bench;

/// <summary>A benchmark input (model, tokenizer or candidates file) is missing or invalid; the message says which and how to fix it.</summary>
internal sealed class BenchSetupException : Exception
{
    public BenchSetupException()
    {
    }

    public BenchSetupException(string message)
        : base(message)
    {
    }

    public BenchSetupException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

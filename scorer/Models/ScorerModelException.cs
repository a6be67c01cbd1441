namespace Cappy.Scorer.Models;

/// <summary>
/// Error raised when a model or tokenizer file is missing, unreadable or not in the expected format.
/// </summary>
public sealed class ScorerModelException : Exception
{
    /// <summary>Creates the exception with no file attached.</summary>
    public ScorerModelException()
    {
    }

    /// <summary>Creates the exception with a message and no file attached.</summary>
    public ScorerModelException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message, the failure that caused it and no file attached.</summary>
    public ScorerModelException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for one file.</summary>
    /// <param name="message">What failed and what was expected; it names the file.</param>
    /// <param name="filePath">The file's path, or its name when it was read from a stream.</param>
    /// <param name="innerException">The failure that caused this one, if any.</param>
    public ScorerModelException(string message, string filePath, Exception? innerException = null)
        : base(message, innerException)
    {
        FilePath = filePath;
    }

    /// <summary>
    /// The path of the file at fault, or its name when it was read from a stream; null when no single file is at fault.
    /// </summary>
    public string? FilePath { get; }
}

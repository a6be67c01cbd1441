namespace Cappy.Proxy.Configuration;

/// <summary>One entry of the <c>Scorers</c> section: a further scorer model loaded at start-up.</summary>
internal sealed record NamedScorerOptions
{
    /// <summary>Directory of an optimum ONNX export (<c>model.onnx</c> and tokenizer files).</summary>
    public string? Model { get; init; }

    /// <summary><c>auto</c>, <c>cpu</c>, <c>cuda</c> or <c>cuda:N</c>; null takes the command line's <c>--device</c>.</summary>
    public string? Device { get; init; }

    /// <summary>Maximum tokens of one pair; null takes the command line's <c>--max-length</c>.</summary>
    public int? MaxLength { get; init; }
}

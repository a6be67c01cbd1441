namespace Cappy.Proxy.Health;

/// <summary>Whether the scorer has run its warm-up batch, for <c>/readyz</c>.</summary>
internal sealed class ScorerReadiness
{
    private volatile string? _failure;
    private volatile bool _ready;

    public bool IsReady => _ready;

    /// <summary>Why the warm-up failed; null while it runs or after it succeeded.</summary>
    public string? Failure => _failure;

    public void MarkReady() => _ready = true;

    public void MarkFailed(string reason) => _failure = reason;
}

namespace Cappy.Proxy.Configuration;

/// <summary>What a route returns when no candidate reaches its <c>MinScore</c>.</summary>
internal enum BelowMinScoreAction
{
    /// <summary>Return the best candidate anyway, marked <c>x-cappy-below-threshold: true</c>.</summary>
    ReturnBest,

    /// <summary>Answer with the route's configured error status and message.</summary>
    Error,
}

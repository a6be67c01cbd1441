using Cappy.Proxy.Capture;

namespace Cappy.Proxy.Configuration;

/// <summary>
/// The <c>Rerank</c> section of a YARP route: whether and how chat and completion requests on that route are
/// answered by sampling several candidates and returning the one the scorer ranks highest.
/// </summary>
internal sealed record RerankOptions
{
    /// <summary>Reranks <c>POST …/chat/completions</c> and <c>POST …/completions</c>; other requests pass through.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>Candidates sampled per request. A client's <c>n = k</c> asks for at least k and returns the top k.</summary>
    public int N { get; init; } = 4;

    /// <summary>Name of the scorer model that ranks this route's candidates: <c>default</c> or a <c>Scorers</c> entry.</summary>
    public string Scorer { get; init; } = "default";

    /// <summary>How candidates are ordered.</summary>
    public RankingStrategy Strategy { get; init; } = RankingStrategy.Scorer;

    /// <summary>Lowest acceptable scorer score; null accepts any. Applies to the <c>Scorer</c> strategy.</summary>
    public double? MinScore { get; init; }

    /// <summary>What the route returns when no candidate reaches <see cref="MinScore"/>.</summary>
    public BelowMinScoreAction OnBelowMinScore { get; init; } = BelowMinScoreAction.ReturnBest;

    /// <summary>HTTP status of the error response when no candidate reaches <see cref="MinScore"/>.</summary>
    public int BelowMinScoreStatusCode { get; init; } = 422;

    /// <summary>Message of the error response when no candidate reaches <see cref="MinScore"/>.</summary>
    public string BelowMinScoreMessage { get; init; } = "No candidate answer reached the minimum quality score of this route.";

    /// <summary>Largest request body on this route, in bytes; null takes <c>--max-request-body-bytes</c>.</summary>
    public long? MaxRequestBodyBytes { get; init; }

    /// <summary>Largest <c>n</c> a client may ask for; a larger one gets 400.</summary>
    public int MaxN { get; init; } = 16;

    /// <summary>Characters of a candidate the scorer sees; longer candidates are scored on their start.</summary>
    public int MaxScoredCharacters { get; init; } = 20_000;

    /// <summary>Time allowed for one upstream call, in seconds; null leaves only <see cref="TimeoutSeconds"/>.</summary>
    public double? UpstreamCallTimeoutSeconds { get; init; }

    /// <summary>Sampling temperature sent upstream when the client sets none; null leaves the request as it is.</summary>
    public double? Temperature { get; init; }

    /// <summary>Which text of a chat request the scorer sees as the instruction.</summary>
    public InstructionRendering Instruction { get; init; } = InstructionRendering.LastUserMessage;

    /// <summary>Time allowed for all upstream calls of one request together, in seconds.</summary>
    public double TimeoutSeconds { get; init; } = 300;

    /// <summary>What a request gets when the scorer's queue is full.</summary>
    public ScorerOverloadAction OnScorerOverload { get; init; } = ScorerOverloadAction.Degrade;

    /// <summary>Interval of <c>: keepalive</c> comments on a streamed response while candidates are prepared, in seconds.</summary>
    public double KeepAliveSeconds { get; init; } = 15;

    /// <summary>Whether and where each reranked request is written to a capture file for fine-tuning the scorer.</summary>
    public CaptureOptions Capture { get; init; } = new();
}

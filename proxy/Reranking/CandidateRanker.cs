using Cappy.Proxy.Configuration;
using Cappy.Proxy.Errors;
using Cappy.Proxy.Forwarding;
using Cappy.Proxy.Hosting;
using Cappy.Proxy.Observability;
using Cappy.Scorer.Batching;

namespace Cappy.Proxy.Reranking;

/// <summary>
/// Ranks the candidates of one prompt by the route's strategy. Before ranking, candidates that are not valid JSON
/// are dropped when the request asks for JSON, and unfinished candidates (empty, or cut at <c>max_tokens</c>) are
/// ranked below finished ones. A scorer failure never fails the request: arrival order is kept and reported.
/// </summary>
internal sealed partial class CandidateRanker(ScorerRegistry scorers, ILogger<CandidateRanker> logger)
{
    public async Task<GroupRanking> RankAsync(RerankTarget target, RerankRequest request, string instruction, CandidateSet set, CancellationToken cancellationToken)
    {
        var options = target.Options;
        var candidates = set.Choices.Select(choice => Candidate.FromChoice(choice, request.Endpoint)).ToArray();
        var eligible = Enumerable.Range(0, candidates.Length).ToArray();
        var noValidJson = false;
        if (request.RequiresJson)
        {
            var valid = eligible.Where(i => candidates[i].IsValidJson()).ToArray();
            noValidJson = valid.Length == 0;
            eligible = noValidJson ? eligible : valid;
        }

        float[]? scores = null;
        string? degraded = null;
        switch (options.Strategy)
        {
            case RankingStrategy.Scorer:
                (scores, degraded) = await ScoreAsync(target, instruction, candidates, eligible, cancellationToken);
                break;
            case RankingStrategy.LogprobMean:
            case RankingStrategy.LogprobSum:
                scores = candidates.Select(candidate => LogprobScore(candidate, options.Strategy)).ToArray();
                break;
            case RankingStrategy.First:
                break;
        }

        var order = Ranking.Order(eligible, candidates.Select(candidate => candidate.IsComplete).ToArray(), scores);
        var belowMinScore = options.Strategy == RankingStrategy.Scorer
            && options.MinScore is { } minScore
            && scores is not null
            && !(scores[order[0]] >= minScore);
        return new GroupRanking(set, candidates, order, scores, degraded, belowMinScore, noValidJson);
    }

    /// <summary>
    /// Returns the mean or sum of the candidate's token log-probabilities, as the Cappy paper's self-scoring
    /// baselines rank candidates; NaN (ranked last) when the upstream sent none.
    /// </summary>
    private static float LogprobScore(Candidate candidate, RankingStrategy strategy)
    {
        var logprobs = candidate.ReadTokenLogprobs();
        if (logprobs is null || logprobs.Length == 0)
        {
            return float.NaN;
        }

        var sum = logprobs.Sum();
        return (float)(strategy == RankingStrategy.LogprobMean ? sum / logprobs.Length : sum);
    }

    /// <summary>Scores the eligible candidates; the others get NaN. On failure, returns no scores and why.</summary>
    private async Task<(float[]? Scores, string? Degraded)> ScoreAsync(RerankTarget target, string instruction, Candidate[] candidates, int[] eligible, CancellationToken cancellationToken)
    {
        if (!scorers.TryGet(target.Options.Scorer, out var scorer))
        {
            // A reload named a scorer that was not loaded at start-up. The reload logged that once as an error, so
            // each request only notes it at debug level.
            Log.ScorerNotLoaded(logger, target.RouteId, target.Options.Scorer ?? ScorerRegistry.DefaultName);
            return (null, RerankOutcome.ScorerError);
        }

        var maxCharacters = target.Options.MaxScoredCharacters;
        var texts = eligible.Select(i => Truncate(candidates[i].Text, maxCharacters)).ToArray();
        try
        {
            var eligibleScores = await scorer.ScoreAsync(instruction, texts, cancellationToken);
            if (eligibleScores.Length != eligible.Length)
            {
                throw new InvalidOperationException($"The scorer returned {eligibleScores.Length} scores for {eligible.Length} candidates.");
            }

            var scores = new float[candidates.Length];
            Array.Fill(scores, float.NaN);
            for (var k = 0; k < eligible.Length; k++)
            {
                scores[eligible[k]] = eligibleScores[k];
            }

            return (scores, null);
        }
        catch (ScorerOverloadedException exception)
        {
            if (target.Options.OnScorerOverload == ScorerOverloadAction.Reject)
            {
                throw new ProxyException(ProxyError.ScorerOverloaded, $"The scorer is overloaded; retry later. {exception.Message}", innerException: exception);
            }

            return (null, RerankOutcome.ScorerOverloaded);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Log.ScorerFailed(logger, exception, target.RouteId, candidates.Length);
            return (null, RerankOutcome.ScorerError);
        }
    }

    /// <summary>Cuts text to at most <paramref name="maxCharacters"/> UTF-16 units, never inside a surrogate pair.</summary>
    internal static string Truncate(string text, int maxCharacters)
    {
        if (text.Length <= maxCharacters)
        {
            return text;
        }

        var length = char.IsHighSurrogate(text[maxCharacters - 1]) ? maxCharacters - 1 : maxCharacters;
        return text[..length];
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.ScorerFailed, Level = LogLevel.Error,
            Message = "Scorer failed on route {RouteId} with {Candidates} candidates; returning the first candidate unranked")]
        public static partial void ScorerFailed(ILogger logger, Exception exception, string routeId, int candidates);

        [LoggerMessage(EventId = EventIds.ScorerNotLoaded, Level = LogLevel.Debug,
            Message = "Route {RouteId} names scorer {Scorer}, which is not loaded; returning the first candidate unranked")]
        public static partial void ScorerNotLoaded(ILogger logger, string routeId, string scorer);
    }
}

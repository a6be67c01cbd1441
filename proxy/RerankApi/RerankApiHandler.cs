using System.Text.Json.Nodes;
using Cappy.Proxy.Configuration;
using Cappy.Proxy.Errors;
using Cappy.Proxy.Hosting;
using Cappy.Proxy.Observability;
using Cappy.Proxy.Reranking;
using Cappy.Scorer;
using Cappy.Scorer.Batching;
using IDiagnosticContext = Serilog.IDiagnosticContext;

namespace Cappy.Proxy.RerankApi;

/// <summary>
/// Handles the rerank and score endpoints with the loaded scorers, through the scoring queue that reranked chat
/// requests share. Invalid input gets a 400 or 413 and a full queue a 429, all in the OpenAI error shape.
/// </summary>
internal sealed partial class RerankApiHandler(
    ScorerRegistry scorers,
    ProxyLimits limits,
    TimeProvider timeProvider,
    IDiagnosticContext diagnostics,
    ILogger<RerankApiHandler> logger)
{
    public Task HandleRerankAsync(HttpContext context, RerankResponseShape shape) =>
        RespondAsync(context, async cancellationToken =>
        {
            var body = await RequestBodyReader.ReadAsync(context.Request, limits.MaxRequestBodyBytes, cancellationToken);
            var request = shape == RerankResponseShape.Tei
                ? RerankRequestParser.ParseTei(body)
                : RerankRequestParser.ParseCohereJina(body);
            var (name, scorer) = ScorerSelector.Select(scorers, request.Model);
            diagnostics.Set("Scorer", name);
            diagnostics.Set("Documents", request.Documents.Count);

            var scores = await ScoreAsync(context, name, scorer, request.Query, request.Documents, cancellationToken);
            var order = RelevanceRanking.Order(scores, request.TopN);
            if (shape == RerankResponseShape.CohereJina)
            {
                return RerankResponseWriter.WriteCohereJina(name, request, scores, order);
            }

            if (!request.RawScores && scorer.Description.Kind == ScorerKind.CrossEncoder)
            {
                // TEI reports a cross-encoder's sigmoid unless raw_scores is set. A bi-encoder's cosine similarity is
                // no logit, so it is returned as it is.
                scores = scores.Select(RelevanceRanking.Sigmoid).ToArray();
            }

            return RerankResponseWriter.WriteTei(request, scores, order);
        });

    public Task HandleScoreAsync(HttpContext context) =>
        RespondAsync(context, async cancellationToken =>
        {
            var body = await RequestBodyReader.ReadAsync(context.Request, limits.MaxRequestBodyBytes, cancellationToken);
            var request = ScoreRequestParser.Parse(body);
            var (name, scorer) = ScorerSelector.Select(scorers, request.Model);
            diagnostics.Set("Scorer", name);
            diagnostics.Set("Documents", request.Pairs.Count);

            // One scorer call per distinct instruction, all queued at once, so they can share a batch.
            var groups = Enumerable.Range(0, request.Pairs.Count).GroupBy(index => request.Pairs[index].Instruction, StringComparer.Ordinal).ToArray();
            var groupScores = await Task.WhenAll(groups.Select(group =>
                ScoreAsync(context, name, scorer, group.Key, group.Select(index => request.Pairs[index].Response).ToArray(), cancellationToken)));
            var scores = new float[request.Pairs.Count];
            for (var g = 0; g < groups.Length; g++)
            {
                var indices = groups[g].ToArray();
                for (var k = 0; k < indices.Length; k++)
                {
                    scores[indices[k]] = groupScores[g][k];
                }
            }

            return request.Shape == ScoreRequestShape.Pairs
                ? ScoreResponseWriter.WritePairs(name, scores)
                : ScoreResponseWriter.WriteTextPairs(name, scores, timeProvider.GetUtcNow());
        });

    private static async Task RespondAsync(HttpContext context, Func<CancellationToken, Task<JsonNode>> produce)
    {
        var cancellationToken = context.RequestAborted;
        try
        {
            var response = await produce(cancellationToken);
            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(response.ToJsonString(WireJson.Options), cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client has gone, so there is nothing to send.
        }
        catch (ProxyException exception)
        {
            await OpenAIError.WriteAsync(context, exception.Error, exception.Message, exception.Param, cancellationToken);
        }
    }

    /// <summary>
    /// Scores the documents against the query. A full queue raises a 429 <see cref="ProxyException"/>. Any other
    /// scorer failure is logged, with no text of the request, and raises a 500.
    /// </summary>
    private async Task<float[]> ScoreAsync(HttpContext context, string scorerName, IScorer scorer, string query, IReadOnlyList<string> documents, CancellationToken cancellationToken)
    {
        float[] scores;
        try
        {
            scores = await scorer.ScoreAsync(query, documents, cancellationToken);
        }
        catch (ScorerOverloadedException exception)
        {
            throw new ProxyException(ProxyError.ScorerOverloaded, $"The scorer is overloaded; retry later. {exception.Message}", innerException: exception);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Log.ScoringFailed(logger, exception, context.Request.Path, scorerName, documents.Count);
            throw new ProxyException(ProxyError.Internal, "Scoring failed; the proxy log has the details.", innerException: exception);
        }

        if (scores.Any(score => !float.IsFinite(score)))
        {
            var exception = new InvalidOperationException($"The scorer returned a non-finite score for {documents.Count} documents.");
            Log.ScoringFailed(logger, exception, context.Request.Path, scorerName, documents.Count);
            throw new ProxyException(ProxyError.Internal, "The scorer returned a score that is not a finite number; the proxy log has the details.", innerException: exception);
        }

        return scores;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.RerankApiScoringFailed, Level = LogLevel.Error,
            Message = "Scoring failed on {Path} with scorer {Scorer} for {Documents} documents")]
        public static partial void ScoringFailed(ILogger logger, Exception exception, string path, string scorer, int documents);
    }
}

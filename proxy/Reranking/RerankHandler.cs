using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Cappy.Proxy.Configuration;
using Cappy.Proxy.Errors;
using Cappy.Proxy.Forwarding;
using Cappy.Proxy.Hosting;
using Cappy.Proxy.Observability;
using Cappy.Scorer;
using Cappy.Scorer.Batching;
using IDiagnosticContext = Serilog.IDiagnosticContext;
using Yarp.ReverseProxy.Forwarder;

namespace Cappy.Proxy.Reranking;

/// <summary>
/// Answers one chat or completions request on a reranking route: asks the upstream for n candidates, scores
/// them all in one batch, and returns the best in the OpenAI shape, streamed or not. Every failure ends in an
/// OpenAI-shaped error; a scorer failure returns the first candidate marked <c>x-cappy-degraded: scorer-error</c>.
/// </summary>
internal sealed partial class RerankHandler(
    CandidateCollector collector,
    ScorerRegistry scorers,
    IDiagnosticContext diagnostics,
    ProxyLimits limits,
    ProxyMetrics metrics,
    TimeProvider timeProvider,
    ILogger<RerankHandler> logger)
{
    public async Task HandleAsync(HttpContext context, RerankTarget target, CancellationToken cancellationToken)
    {
        diagnostics.Set("RouteId", target.RouteId);
        using var telemetry = RerankTelemetry.Start(metrics, diagnostics, target.RouteId);
        RerankRequest request;
        try
        {
            var body = await RequestBodyReader.ReadAsync(context.Request, limits.MaxRequestBodyBytes, cancellationToken);
            request = RequestParser.Parse(body, target.Endpoint, target.Options.Instruction);
        }
        catch (ProxyException exception)
        {
            telemetry.SetOutcome(RerankOutcome.Rejected);
            await OpenAIError.WriteAsync(context, exception.Error, exception.Message, exception.Param, cancellationToken);
            return;
        }

        EventStreamWriter? stream = null;
        try
        {
            if (request.Stream)
            {
                stream = new EventStreamWriter(context.Response);
                await stream.StartAsync(new Dictionary<string, string>(), cancellationToken);
                stream.StartKeepAlive(TimeSpan.FromSeconds(target.Options.KeepAliveSeconds), cancellationToken);
            }

            await RerankAsync(context, target, request, stream, telemetry, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            telemetry.SetOutcome(RerankOutcome.ClientDisconnected);
            Log.ClientDisconnected(logger, target.RouteId);
        }
        catch (UpstreamErrorException exception)
        {
            telemetry.SetOutcome(RerankOutcome.UpstreamError);
            diagnostics.Set("UpstreamStatus", exception.Response.StatusCode);
            await WriteUpstreamErrorAsync(context, stream, exception.Response, cancellationToken);
        }
        catch (ProxyException exception) when (exception.Error == ProxyError.ScorerOverloaded)
        {
            // Not logged on its own: under overload that would be a line per rejected request, and the request
            // line already records the outcome.
            telemetry.SetOutcome(RerankOutcome.ScorerOverloaded);
            await WriteErrorAsync(context, stream, exception, cancellationToken);
        }
        catch (ProxyException exception)
        {
            telemetry.SetOutcome(RerankOutcome.UpstreamError);
            Log.RerankFailed(logger, target.RouteId, exception.Error, exception.Message);
            await WriteErrorAsync(context, stream, exception, cancellationToken);
        }
        finally
        {
            if (stream is not null)
            {
                await stream.DisposeAsync();
            }
        }
    }

    private async Task RerankAsync(HttpContext context, RerankTarget target, RerankRequest request, EventStreamWriter? stream, RerankTelemetry telemetry, CancellationToken cancellationToken)
    {
        var options = target.Options;
        var count = Math.Max(options.N, request.ReturnCount);
        var upstreamBody = CreateUpstreamBody(request, options);
        var uri = RequestUtilities.MakeDestinationAddress(target.DestinationAddress, context.Request.Path, context.Request.QueryString);

        var upstreamStart = timeProvider.GetTimestamp();
        CandidateSet candidateSet;
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            timeout.CancelAfter(TimeSpan.FromSeconds(options.TimeoutSeconds));
            try
            {
                candidateSet = await collector.CollectAsync(uri, target.DestinationAddress, upstreamBody, count, context.Request.Headers, timeout.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new ProxyException(ProxyError.UpstreamTimeout, $"The upstream did not answer within {options.TimeoutSeconds.ToString(CultureInfo.InvariantCulture)} s (route setting Rerank:TimeoutSeconds).");
            }
        }

        var upstreamMs = timeProvider.GetElapsedTime(upstreamStart).TotalMilliseconds;
        var candidates = candidateSet.Choices.Select(choice => Candidate.FromChoice(choice, request.Endpoint)).ToArray();

        var scorerStart = timeProvider.GetTimestamp();
        var (order, scores, degraded) = await RankAsync(target, request.Instruction, candidates, cancellationToken);
        var scorerMs = timeProvider.GetElapsedTime(scorerStart).TotalMilliseconds;

        var chosen = order.Take(request.ReturnCount).Select(i => candidates[i]).ToArray();
        var response = ResponseComposer.Compose(candidateSet, chosen);

        var headers = new Dictionary<string, string>
        {
            [RerankHeaders.Candidates] = candidates.Length.ToString(CultureInfo.InvariantCulture),
            [RerankHeaders.UpstreamMilliseconds] = Math.Round(upstreamMs, 1).ToString(CultureInfo.InvariantCulture),
            [RerankHeaders.ScorerMilliseconds] = Math.Round(scorerMs, 1).ToString(CultureInfo.InvariantCulture),
        };
        if (scores is not null)
        {
            headers[RerankHeaders.Score] = scores[order[0]].ToString(CultureInfo.InvariantCulture);
        }

        if (degraded is not null)
        {
            headers[RerankHeaders.Degraded] = degraded;
        }

        diagnostics.Set("UpstreamStatus", candidateSet.UpstreamStatus);
        diagnostics.Set("UpstreamCalls", candidateSet.Responses.Count);
        diagnostics.Set("Candidates", candidates.Length);
        diagnostics.Set("ChosenIndex", order[0]);
        diagnostics.Set("UpstreamMs", Math.Round(upstreamMs, 1));
        diagnostics.Set("ScorerMs", Math.Round(scorerMs, 1));
        telemetry.SetOutcome(degraded ?? RerankOutcome.Reranked);
        telemetry.RecordResponse(candidates.Length, order[0], TimeSpan.FromMilliseconds(upstreamMs), degraded);

        if (stream is not null)
        {
            await stream.StopKeepAliveAsync();
            foreach (var (name, value) in headers)
            {
                await stream.WriteCommentAsync($"{name}: {value}", cancellationToken);
            }

            await StreamReplayer.ReplayAsync(stream, response, request.Endpoint, request.IncludeUsage, cancellationToken);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json";
        foreach (var (name, value) in headers)
        {
            context.Response.Headers[name] = value;
        }

        await context.Response.WriteAsync(response.ToJsonString(WireJson.Options), cancellationToken);
    }

    /// <summary>
    /// Scores every candidate and orders them best first. A scorer failure keeps arrival order and reports
    /// <c>scorer-error</c> instead of failing the request.
    /// </summary>
    private async Task<(int[] Order, float[]? Scores, string? Degraded)> RankAsync(RerankTarget target, string instruction, Candidate[] candidates, CancellationToken cancellationToken)
    {
        var arrivalOrder = Enumerable.Range(0, candidates.Length).ToArray();
        try
        {
            var scores = await scorers.Get(target.Options.Scorer).ScoreAsync(instruction, candidates.Select(candidate => candidate.Text).ToArray(), cancellationToken);
            if (scores.Length != candidates.Length)
            {
                throw new InvalidOperationException($"The scorer returned {scores.Length} scores for {candidates.Length} candidates.");
            }

            return (Ranking.OrderByScore(scores), scores, null);
        }
        catch (ScorerOverloadedException exception)
        {
            if (target.Options.OnScorerOverload == ScorerOverloadAction.Reject)
            {
                throw new ProxyException(ProxyError.ScorerOverloaded, $"The scorer is overloaded; retry later. {exception.Message}", innerException: exception);
            }

            return (arrivalOrder, null, RerankOutcome.ScorerOverloaded);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Log.ScorerFailed(logger, exception, target.RouteId, candidates.Length);
            return (arrivalOrder, null, RerankOutcome.ScorerError);
        }
    }

    private static JsonObject CreateUpstreamBody(RerankRequest request, RerankOptions options)
    {
        var body = (JsonObject)request.Body.DeepClone();
        body.Remove("stream");
        body.Remove("stream_options");
        if (options.Temperature is { } temperature && body["temperature"] is null)
        {
            body["temperature"] = temperature;
        }

        return body;
    }

    private static async Task WriteUpstreamErrorAsync(HttpContext context, EventStreamWriter? stream, UpstreamResponse response, CancellationToken cancellationToken)
    {
        if (stream is not null)
        {
            var error = response.Json?["error"] is JsonObject upstreamError
                ? new JsonObject { ["error"] = upstreamError.DeepClone() }
                : OpenAIError.CreateBody(ProxyError.UpstreamFailed, $"The upstream answered HTTP {response.StatusCode}: {response.ErrorMessage}", null);
            await stream.StopKeepAliveAsync();
            await stream.WriteDataAsync(error, cancellationToken);
            await stream.WriteDoneAsync(cancellationToken);
            return;
        }

        context.Response.StatusCode = response.StatusCode;
        context.Response.ContentType = response.ContentType ?? "application/json";
        await context.Response.Body.WriteAsync(response.RawBody, cancellationToken);
    }

    private static async Task WriteErrorAsync(HttpContext context, EventStreamWriter? stream, ProxyException exception, CancellationToken cancellationToken)
    {
        if (stream is null)
        {
            await OpenAIError.WriteAsync(context, exception.Error, exception.Message, exception.Param, cancellationToken);
            return;
        }

        // Status 200 is already sent: the error travels as a data event, as vLLM streams its errors.
        await stream.StopKeepAliveAsync();
        await stream.WriteDataAsync(OpenAIError.CreateBody(exception.Error, exception.Message, exception.Param), cancellationToken);
        await stream.WriteDoneAsync(cancellationToken);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.ScorerFailed, Level = LogLevel.Error,
            Message = "Scorer failed on route {RouteId} with {Candidates} candidates; returning the first candidate unranked")]
        public static partial void ScorerFailed(ILogger logger, Exception exception, string routeId, int candidates);

        [LoggerMessage(EventId = EventIds.RerankFailed, Level = LogLevel.Warning,
            Message = "Rerank on route {RouteId} failed with {Error}: {Reason}")]
        public static partial void RerankFailed(ILogger logger, string routeId, ProxyError error, string reason);

        [LoggerMessage(EventId = EventIds.ClientDisconnected, Level = LogLevel.Information,
            Message = "Client disconnected from route {RouteId}; upstream calls cancelled")]
        public static partial void ClientDisconnected(ILogger logger, string routeId);
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Cappy.Proxy.Capture;
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
    CandidateRanker ranker,
    IDiagnosticContext diagnostics,
    ProxyLimits limits,
    ProxyMetrics metrics,
    TimeProvider timeProvider,
    CaptureRecorder capture,
    ILogger<RerankHandler> logger)
{
    /// <summary>nginx's status for a request whose client went away before the response; never sent to a client.</summary>
    private const int ClientClosedRequest = 499;

    public async Task HandleAsync(HttpContext context, RerankTarget target, CancellationToken cancellationToken)
    {
        diagnostics.Set("RouteId", target.RouteId);
        using var telemetry = RerankTelemetry.Start(metrics, diagnostics, target.RouteId);
        RerankRequest request;
        try
        {
            var body = await RequestBodyReader.ReadAsync(context.Request, target.Options.MaxRequestBodyBytes ?? limits.MaxRequestBodyBytes, cancellationToken);
            request = RequestParser.Parse(body, target.Endpoint, target.Options.Instruction, target.Options.MaxN);
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
            if (!context.Response.HasStarted)
            {
                // Nothing was sent, so the request log shows nginx's "client closed request" status, not 200.
                context.Response.StatusCode = ClientClosedRequest;
            }
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
            UpstreamFailureReport.Attach(context, exception);
            telemetry.SetOutcome(RerankOutcome.UpstreamError);
            // An upstream's error text may quote the prompt, so only the client sees it and the log gets the error kind.
            var reason = exception.Error == ProxyError.UpstreamFailed ? "the upstream returned a server error or an invalid body" : exception.Message;
            Log.RerankFailed(logger, target.RouteId, exception.Error, reason);
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
        var needsLogprobs = options.Strategy is RankingStrategy.LogprobMean or RankingStrategy.LogprobSum;
        var uri = RequestUtilities.MakeDestinationAddress(target.DestinationAddress, context.Request.Path, context.Request.QueryString);

        // Each prompt of a legacy completions batch is its own reranking; they run side by side.
        var upstreamStart = timeProvider.GetTimestamp();
        var sets = await CollectAllAsync(target, request, uri, count, needsLogprobs, context.Request.Headers, cancellationToken);
        var upstreamMs = timeProvider.GetElapsedTime(upstreamStart).TotalMilliseconds;

        var scorerStart = timeProvider.GetTimestamp();
        var rankings = await Task.WhenAll(sets.Select((set, i) => ranker.RankAsync(target, request, request.Instructions[i], set, cancellationToken)));
        var scorerMs = timeProvider.GetElapsedTime(scorerStart).TotalMilliseconds;
        for (var i = 0; i < rankings.Length; i++)
        {
            capture.Record(target, request.Instructions[i], rankings[i]);
        }

        var belowMinScore = rankings.Any(ranking => ranking.BelowMinScore);
        if (belowMinScore && options.OnBelowMinScore == BelowMinScoreAction.Error)
        {
            throw new ProxyException(ProxyError.BelowMinScore, options.BelowMinScoreMessage, statusCode: options.BelowMinScoreStatusCode);
        }

        var chosen = rankings.SelectMany(ranking => ranking.Order.Take(request.ReturnCount).Select(i => ranking.Candidates[i])).ToArray();
        var response = ResponseComposer.Compose(sets, chosen, keepLogprobs: request.RequestsLogprobs);

        var first = rankings[0];
        var degraded = rankings.Select(ranking => ranking.Degraded).FirstOrDefault(reason => reason is not null);
        var candidateCount = rankings.Sum(ranking => ranking.Candidates.Length);
        var headers = new Dictionary<string, string>
        {
            [RerankHeaders.Candidates] = candidateCount.ToString(CultureInfo.InvariantCulture),
            [RerankHeaders.UpstreamMilliseconds] = Math.Round(upstreamMs, 1).ToString(CultureInfo.InvariantCulture),
            [RerankHeaders.ScorerMilliseconds] = Math.Round(scorerMs, 1).ToString(CultureInfo.InvariantCulture),
        };
        if (first.WinnerScore is { } score && options.Strategy == RankingStrategy.Scorer)
        {
            headers[RerankHeaders.Score] = score.ToString(CultureInfo.InvariantCulture);
        }

        if (degraded is not null)
        {
            headers[RerankHeaders.Degraded] = degraded;
        }

        if (belowMinScore)
        {
            headers[RerankHeaders.BelowThreshold] = "true";
        }

        if (rankings.Any(ranking => ranking.NoValidJson))
        {
            headers[RerankHeaders.NoValidJson] = "true";
        }

        diagnostics.Set("UpstreamStatus", sets[0].UpstreamStatus);
        diagnostics.Set("UpstreamCalls", sets.Sum(set => set.Responses.Count));
        diagnostics.Set("Candidates", candidateCount);
        diagnostics.Set("ChosenIndex", first.Order[0]);
        diagnostics.Set("UpstreamMs", Math.Round(upstreamMs, 1));
        diagnostics.Set("ScorerMs", Math.Round(scorerMs, 1));
        telemetry.SetOutcome(degraded ?? RerankOutcome.Reranked);
        telemetry.RecordResponse(candidateCount, first.Order[0], TimeSpan.FromMilliseconds(upstreamMs), degraded);

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
    /// Collects the candidates of every prompt within the route's total timeout. A timeout raises a 504
    /// <see cref="ProxyException"/>; the client leaving cancels every upstream call.
    /// </summary>
    private async Task<CandidateSet[]> CollectAllAsync(RerankTarget target, RerankRequest request, Uri uri, int count, bool needsLogprobs, IHeaderDictionary headers, CancellationToken cancellationToken)
    {
        var options = target.Options;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(options.TimeoutSeconds));
        var callTimeout = options.UpstreamCallTimeoutSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : (TimeSpan?)null;
        var call = new UpstreamCallOptions(headers, target.Credentials, callTimeout);
        try
        {
            return await Task.WhenAll(request.Instructions.Select((_, i) =>
                collector.CollectAsync(uri, target.DestinationAddress, request.CreateUpstreamBody(i, options.Temperature, needsLogprobs), count, call, timeout.Token)));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ProxyException(ProxyError.UpstreamTimeout, $"The upstream did not respond within {options.TimeoutSeconds.ToString(CultureInfo.InvariantCulture)} s (route setting Rerank:TimeoutSeconds).");
        }
    }

    private static async Task WriteUpstreamErrorAsync(HttpContext context, EventStreamWriter? stream, UpstreamResponse response, CancellationToken cancellationToken)
    {
        if (stream is not null)
        {
            var error = response.Json?["error"] is JsonObject upstreamError
                ? new JsonObject { ["error"] = upstreamError.DeepClone() }
                : OpenAIError.CreateBody(ProxyError.UpstreamFailed, $"The upstream returned HTTP {response.StatusCode}: {response.ErrorMessage}", null);
            await stream.StopKeepAliveAsync();
            await stream.WriteDataAsync(error, cancellationToken);
            await stream.WriteDoneAsync(cancellationToken);
            return;
        }

        context.Response.StatusCode = response.StatusCode;
        context.Response.ContentType = response.ContentType ?? "application/json";
        if (response.RetryAfter is { } retryAfter)
        {
            context.Response.Headers.RetryAfter = retryAfter;
        }

        await context.Response.Body.WriteAsync(response.RawBody, cancellationToken);
    }

    private static async Task WriteErrorAsync(HttpContext context, EventStreamWriter? stream, ProxyException exception, CancellationToken cancellationToken)
    {
        if (stream is null)
        {
            await OpenAIError.WriteAsync(context, exception.Error, exception.Message, exception.Param, cancellationToken, exception.StatusCode);
            return;
        }

        // Status 200 is already sent: the error travels as a data event, as vLLM streams its errors.
        await stream.StopKeepAliveAsync();
        await stream.WriteDataAsync(OpenAIError.CreateBody(exception.Error, exception.Message, exception.Param), cancellationToken);
        await stream.WriteDoneAsync(cancellationToken);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.RerankFailed, Level = LogLevel.Warning,
            Message = "Rerank on route {RouteId} failed with {Error}: {Reason}")]
        public static partial void RerankFailed(ILogger logger, string routeId, ProxyError error, string reason);

        [LoggerMessage(EventId = EventIds.ClientDisconnected, Level = LogLevel.Information,
            Message = "Client disconnected from route {RouteId}; upstream calls cancelled")]
        public static partial void ClientDisconnected(ILogger logger, string routeId);
    }
}

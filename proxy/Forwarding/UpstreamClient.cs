using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Cappy.Proxy.Errors;
using Cappy.Proxy.Observability;

namespace Cappy.Proxy.Forwarding;

/// <summary>
/// Sends the reranker's own requests to an upstream with the proxy's HttpClient (not through YARP, which cannot
/// replace a request body). Copies the client's end-to-end headers, so an <c>Authorization</c> header reaches
/// the upstream. Each call is one <c>cappy.upstream_call</c> activity and one count in <c>cappy.upstream.calls</c>.
/// </summary>
internal sealed class UpstreamClient(IHttpClientFactory httpClientFactory, ProxyMetrics metrics)
{
    /// <summary>Name of the HttpClient registration that upstream calls use.</summary>
    public const string HttpClientName = "cappy-upstream";

    private static readonly HashSet<string> SkippedHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Content-Length", "Content-Type", "Content-Encoding", "Connection", "Keep-Alive", "Transfer-Encoding",
        "Upgrade", "TE", "Trailer", "Proxy-Connection", "Proxy-Authorization", "Proxy-Authenticate", "Expect",
        "Accept", "Accept-Encoding",
    };

    /// <summary>
    /// POSTs <paramref name="body"/> to <paramref name="uri"/> and reads the whole response. Connection failures raise
    /// <see cref="ProxyException"/> with <see cref="ProxyError.UpstreamUnreachable"/>, a call longer than
    /// the call timeout one with <see cref="ProxyError.UpstreamTimeout"/>; cancellation propagates.
    /// </summary>
    public async Task<UpstreamResponse> PostAsync(Uri uri, JsonObject body, UpstreamCallOptions call, CancellationToken cancellationToken)
    {
        using var callCancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (call.CallTimeout is { } timeout)
        {
            callCancellation.CancelAfter(timeout);
        }

        try
        {
            return await SendTracedAsync(uri, body, call, callCancellation.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ProxyException(ProxyError.UpstreamTimeout, $"An upstream call did not respond within {call.CallTimeout!.Value.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s (route setting Rerank:UpstreamCallTimeoutSeconds).");
        }
    }

    private async Task<UpstreamResponse> SendTracedAsync(Uri uri, JsonObject body, UpstreamCallOptions call, CancellationToken cancellationToken)
    {
        var destination = uri.GetLeftPart(UriPartial.Authority);
        using var activity = ProxyTracing.Source.StartActivity(ProxyTracing.UpstreamCallActivityName, ActivityKind.Client);
        activity?.SetTag("server.address", uri.Host);
        activity?.SetTag("server.port", uri.Port);
        activity?.SetTag("url.path", uri.AbsolutePath);

        // The status label when no response arrives; replaced by the status code once one does.
        var status = "failed";
        try
        {
            var response = await SendAsync(uri, body, call, cancellationToken);
            status = response.StatusCode.ToString(CultureInfo.InvariantCulture);
            activity?.SetTag("http.response.status_code", response.StatusCode);
            if (response.StatusCode >= 500)
            {
                activity?.SetStatus(ActivityStatusCode.Error);
            }

            return response;
        }
        catch (ProxyException exception) when (exception.Error == ProxyError.UpstreamUnreachable)
        {
            status = "unreachable";
            activity?.SetStatus(ActivityStatusCode.Error, status);
            throw;
        }
        catch (OperationCanceledException)
        {
            status = "cancelled";
            throw;
        }
        finally
        {
            metrics.RecordUpstreamCall(destination, status);
        }
    }

    private async Task<UpstreamResponse> SendAsync(Uri uri, JsonObject body, UpstreamCallOptions call, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, uri)
        {
            Content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body)),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        // Headers that the client's Connection header names are hop-by-hop too, so they stay on the client's connection.
        var connectionOptions = call.ClientHeaders.Connection
            .SelectMany(value => (value ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in call.ClientHeaders)
        {
            if (!SkippedHeaders.Contains(name) && !connectionOptions.Contains(name))
            {
                request.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
            }
        }

        if (call.Credentials.Replace)
        {
            request.Headers.Authorization = null;
            if (call.Credentials.Value is { } authorization)
            {
                request.Headers.TryAddWithoutValidation("Authorization", authorization);
            }
        }

        var client = httpClientFactory.CreateClient(HttpClientName);
        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        }
        catch (HttpRequestException exception)
        {
            throw new ProxyException(ProxyError.UpstreamUnreachable, $"The upstream {uri.GetLeftPart(UriPartial.Authority)} is unreachable: {exception.Message}", innerException: exception);
        }

        using (response)
        {
            var raw = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            JsonObject? json = null;
            try
            {
                json = raw.Length > 0 ? JsonNode.Parse(raw) as JsonObject : null;
            }
            catch (JsonException)
            {
                // Not JSON: kept as raw bytes, so an error response can still go back to the client as sent.
            }

            var retryAfter = response.Headers.TryGetValues("Retry-After", out var values) ? string.Join(", ", values) : null;
            return new UpstreamResponse((int)response.StatusCode, json, raw, response.Content.Headers.ContentType?.ToString(), retryAfter);
        }
    }
}

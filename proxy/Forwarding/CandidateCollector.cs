using System.Text.Json.Nodes;
using Cappy.Proxy.Errors;
using Cappy.Proxy.Observability;

namespace Cappy.Proxy.Forwarding;

/// <summary>
/// Gets n candidates from an upstream: one request with <c>n</c>, topped up with parallel single requests when
/// the upstream returns fewer choices or rejects <c>n</c>. What each destination does with <c>n</c> is remembered,
/// so later requests to it go straight to parallel calls.
/// </summary>
internal sealed partial class CandidateCollector(UpstreamClient client, UpstreamCapabilities capabilities, ILogger<CandidateCollector> logger)
{
    /// <summary>
    /// Collects at least one and at most about <paramref name="count"/> candidates. An upstream 4xx ends the request
    /// with <see cref="UpstreamErrorException"/> carrying the upstream's response; other failures raise
    /// <see cref="ProxyException"/>, as does a successful upstream response without any choice object.
    /// </summary>
    public async Task<CandidateSet> CollectAsync(Uri uri, string destination, JsonObject requestBody, int count, UpstreamCallOptions call, CancellationToken cancellationToken)
    {
        var set = await CollectAnyAsync(uri, destination, requestBody, count, call, cancellationToken);
        if (!set.Choices.Any())
        {
            throw new ProxyException(ProxyError.UpstreamFailed, "The upstream returned a response with no choices to rank.");
        }

        return set;
    }

    private async Task<CandidateSet> CollectAnyAsync(Uri uri, string destination, JsonObject requestBody, int count, UpstreamCallOptions call, CancellationToken cancellationToken)
    {
        var support = capabilities.GetNSupport(destination);
        if (count > 1 && support is NParameterSupport.Ignored or NParameterSupport.Rejected)
        {
            var parallel = await SendSinglesAsync(uri, requestBody, count, call, cancellationToken);
            return Finish(parallel, parallel[0].StatusCode);
        }

        var first = await client.PostAsync(uri, WithN(requestBody, count), call, cancellationToken);
        if (first.IsSuccess)
        {
            var received = first.Choices.Count;
            if (received >= count || count == 1)
            {
                if (count > 1)
                {
                    Learn(destination, NParameterSupport.Honored);
                }

                return new CandidateSet([first.Json!], first.StatusCode);
            }

            Learn(destination, NParameterSupport.Ignored);
            var topUp = await SendSinglesAsync(uri, requestBody, count - received, call, cancellationToken);
            return Finish([first, .. topUp], first.StatusCode);
        }

        if (count > 1 && first.RejectsN)
        {
            Learn(destination, NParameterSupport.Rejected);
            var parallel = await SendSinglesAsync(uri, requestBody, count, call, cancellationToken);
            return Finish(parallel, first.StatusCode);
        }

        throw Fail(first);
    }

    private static CandidateSet Finish(UpstreamResponse[] responses, int upstreamStatus)
    {
        var successes = responses.Where(response => response.IsSuccess).Select(response => response.Json!).ToArray();
        if (successes.Length == 0)
        {
            throw Fail(responses[0]);
        }

        return new CandidateSet(successes, upstreamStatus);
    }

    private static Exception Fail(UpstreamResponse response)
    {
        if (response.StatusCode is >= 400 and < 500)
        {
            return new UpstreamErrorException(response);
        }

        var reason = response.StatusCode is >= 200 and < 300
            ? "returned a body that is not an OpenAI response with choices"
            : $"returned HTTP {response.StatusCode}: {response.ErrorMessage}";
        return new ProxyException(ProxyError.UpstreamFailed, $"The upstream {reason}");
    }

    private async Task<UpstreamResponse[]> SendSinglesAsync(Uri uri, JsonObject requestBody, int count, UpstreamCallOptions call, CancellationToken cancellationToken)
    {
        var single = WithN(requestBody, 1);
        single.Remove("n");
        var calls = new Task<UpstreamResponse>[count];
        for (var i = 0; i < count; i++)
        {
            calls[i] = client.PostAsync(uri, single, call, cancellationToken);
        }

        try
        {
            return await Task.WhenAll(calls);
        }
        catch (ProxyException) when (calls.Any(call => call.IsCompletedSuccessfully))
        {
            // Some calls failed to connect but others responded: rank what arrived.
            return calls.Where(call => call.IsCompletedSuccessfully).Select(call => call.Result).ToArray();
        }
    }

    private static JsonObject WithN(JsonObject requestBody, int count)
    {
        var copy = (JsonObject)requestBody.DeepClone();
        copy["n"] = count;
        return copy;
    }

    private void Learn(string destination, NParameterSupport support)
    {
        if (capabilities.SetNSupport(destination, support) && support != NParameterSupport.Honored)
        {
            Log.NParameterLearned(logger, destination, support);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.NParameterLearned, Level = LogLevel.Information,
            Message = "Upstream {Destination}: n parameter {Support}; candidates now come from parallel requests without n")]
        public static partial void NParameterLearned(ILogger logger, string destination, NParameterSupport support);
    }
}

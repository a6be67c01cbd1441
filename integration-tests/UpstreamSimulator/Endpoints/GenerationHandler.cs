using Cappy.UpstreamSimulator.Faults;
using Cappy.UpstreamSimulator.Generation;
using Cappy.UpstreamSimulator.Observability;
using Cappy.UpstreamSimulator.Protocol;
using Cappy.UpstreamSimulator.Responses;
using Cappy.UpstreamSimulator.Streaming;

namespace Cappy.UpstreamSimulator.Endpoints;

/// <summary>
/// Serves chat and legacy completions. It validates the request, applies the n-mode, injects failures and picks
/// outputs, then sends them as one JSON body or as a server-sent event stream.
/// </summary>
internal sealed partial class GenerationHandler(
    ChoiceGenerator generator,
    FailureInjector failures,
    SimulatorStats stats,
    SimulatorOptions options,
    TimeProvider timeProvider,
    ILogger<GenerationHandler> logger)
{
    public async Task<IResult> HandleAsync(
        HttpRequest httpRequest, IResponseFormat format, GenerationRequestParser parse, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(format);
        ArgumentNullException.ThrowIfNull(parse);

        var (document, bodyError) = await RequestBodyReader.ReadObjectAsync(httpRequest, cancellationToken);
        if (document is null)
        {
            return bodyError!;
        }

        GenerationRequest request;
        using (document)
        {
            if (!parse(document.RootElement, out request, out var error))
            {
                return OpenAiErrors.InvalidRequest(error!);
            }
        }

        if (options.NMode == NMode.Reject && request.N != 1)
        {
            stats.CountRejectedN();
            return OpenAiErrors.OnlyOneChoice();
        }

        if (failures.ShouldFail(out var requestNumber))
        {
            stats.CountInjectedFailure();
            Log.FailureInjected(logger, requestNumber, httpRequest.Path.Value ?? string.Empty);
            return OpenAiErrors.InjectedFailure(requestNumber);
        }

        var choicesPerPrompt = options.NMode == NMode.Ignore ? 1 : request.N;
        var choices = generator.Generate(request.Prompts, choicesPerPrompt, request.MaxTokens);
        var metadata = new ResponseMetadata(
            format.IdPrefix + Guid.NewGuid().ToString("N"),
            timeProvider.GetUtcNow().ToUnixTimeSeconds(),
            request.Model ?? options.Model);
        var builder = new ResponseBuilder(format, metadata, request, options.Seed);

        if (request.Stream)
        {
            return new ServerSentEventsResult(builder.BuildChunks(choices), ChunkSpacing());
        }

        return JsonOutput.Result(builder.BuildResponse(choices));
    }

    // Stream chunks are spaced by 1/20 of the configured latency, at least 1 ms when any latency is set.
    private TimeSpan ChunkSpacing() =>
        options.LatencyMs > 0 ? TimeSpan.FromMilliseconds(Math.Max(1, options.LatencyMs / 20)) : TimeSpan.Zero;

    private static partial class Log
    {
        [LoggerMessage(EventId = LogEvents.FailureInjected, Level = LogLevel.Warning,
            Message = "Injected HTTP 500 on generation request {RequestNumber} to {Path}")]
        public static partial void FailureInjected(ILogger logger, long requestNumber, string path);
    }
}

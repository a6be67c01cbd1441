using System.Text.Json.Nodes;
using Cappy.UpstreamSimulator.Generation;
using Cappy.UpstreamSimulator.Protocol;

namespace Cappy.UpstreamSimulator.Endpoints;

/// <summary>
/// Serves <c>/v1/embeddings</c> with unit-length vectors derived from a hash of each input, so equal inputs get
/// equal vectors. Failure injection and the n-mode do not apply here.
/// </summary>
internal sealed class EmbeddingHandler(SimulatorOptions options, TimeProvider timeProvider)
{
    public async Task<IResult> HandleAsync(HttpRequest httpRequest, CancellationToken cancellationToken)
    {
        var (document, bodyError) = await RequestBodyReader.ReadObjectAsync(httpRequest, cancellationToken);
        if (document is null)
        {
            return bodyError!;
        }

        EmbeddingRequest request;
        using (document)
        {
            if (!EmbeddingRequestParser.TryParse(document.RootElement, out request, out var error))
            {
                return OpenAiErrors.InvalidRequest(error!);
            }
        }

        var data = new JsonArray();
        for (var index = 0; index < request.Inputs.Count; index++)
        {
            var vector = BuildVector(request.Inputs[index], request.Dimensions);
            data.Add(new JsonObject
            {
                ["index"] = index,
                ["object"] = "embedding",
                ["embedding"] = request.Base64 ? EncodeBase64(vector) : ToJsonArray(vector),
            });
        }

        var body = new JsonObject
        {
            ["id"] = "embd-" + Guid.NewGuid().ToString("N"),
            ["object"] = "list",
            ["created"] = timeProvider.GetUtcNow().ToUnixTimeSeconds(),
            ["model"] = request.Model ?? options.Model,
            ["data"] = data,
            ["usage"] = new JsonObject
            {
                ["prompt_tokens"] = request.PromptTokens,
                ["total_tokens"] = request.PromptTokens,
            },
        };
        return JsonOutput.Result(body);
    }

    private float[] BuildVector(string input, int dimensions)
    {
        var vector = new float[dimensions];
        var hash = StableHash.Of(options.Seed, input, dimensions);
        for (var i = 0; i < dimensions; i++)
        {
            hash = StableHash.Next(hash, i);
            vector[i] = (float)((hash % 2001) / 1000.0 - 1.0);
        }

        var norm = MathF.Sqrt(vector.Sum(value => value * value));
        if (norm > 0)
        {
            for (var i = 0; i < dimensions; i++)
            {
                vector[i] /= norm;
            }
        }

        return vector;
    }

    private static JsonArray ToJsonArray(float[] vector)
    {
        var array = new JsonArray();
        foreach (var value in vector)
        {
            array.Add(value);
        }

        return array;
    }

    // OpenAI's base64 format is the little-endian float32 bytes of the vector.
    private static string EncodeBase64(float[] vector)
    {
        var bytes = new byte[vector.Length * sizeof(float)];
        for (var i = 0; i < vector.Length; i++)
        {
            BitConverter.TryWriteBytes(bytes.AsSpan(i * sizeof(float)), vector[i]);
        }

        if (!BitConverter.IsLittleEndian)
        {
            for (var i = 0; i < bytes.Length; i += sizeof(float))
            {
                Array.Reverse(bytes, i, sizeof(float));
            }
        }

        return Convert.ToBase64String(bytes);
    }
}

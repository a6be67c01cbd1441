using System.Text;
using System.Text.Json.Nodes;
using Cappy.UpstreamSimulator.Generation;

namespace Cappy.UpstreamSimulator.Responses;

/// <summary>Builds the <c>logprobs</c> objects of chat and completions choices for a run of tokens.</summary>
internal static class LogprobBuilder
{
    /// <summary>
    /// Returns the chat shape <c>{"content": [{"token", "logprob", "bytes", "top_logprobs"}]}</c> for tokens
    /// [start, start + count) of a choice.
    /// </summary>
    public static JsonObject BuildChat(IReadOnlyList<string> tokens, int start, int count, int topCount, int seed)
    {
        var content = new JsonArray();
        for (var position = start; position < start + count; position++)
        {
            var token = tokens[position];
            var top = new JsonArray();
            foreach (var entry in LogprobValues.TopEntries(seed, token, position, topCount))
            {
                top.Add(new JsonObject
                {
                    ["token"] = entry.Key,
                    ["logprob"] = entry.Value,
                    ["bytes"] = Utf8Bytes(entry.Key),
                });
            }

            content.Add(new JsonObject
            {
                ["token"] = token,
                ["logprob"] = LogprobValues.ForToken(seed, token, position),
                ["bytes"] = Utf8Bytes(token),
                ["top_logprobs"] = top,
            });
        }

        return new JsonObject { ["content"] = content };
    }

    /// <summary>
    /// Returns the completions shape <c>{"tokens", "token_logprobs", "top_logprobs", "text_offset"}</c> for
    /// tokens [start, start + count) of a choice. Offsets count Unicode code points from the start of the
    /// choice's text. Each top entry contains the sampled token and up to <paramref name="topCount"/> - 1 others.
    /// </summary>
    public static JsonObject BuildCompletion(IReadOnlyList<string> tokens, int start, int count, int topCount, int seed)
    {
        var offset = 0;
        for (var position = 0; position < start; position++)
        {
            offset += WordTokens.CodePointLength(tokens[position]);
        }

        var tokenArray = new JsonArray();
        var logprobArray = new JsonArray();
        var topArray = new JsonArray();
        var offsetArray = new JsonArray();
        for (var position = start; position < start + count; position++)
        {
            var token = tokens[position];
            tokenArray.Add(token);
            logprobArray.Add(LogprobValues.ForToken(seed, token, position));

            var top = new JsonObject();
            foreach (var entry in LogprobValues.TopEntries(seed, token, position, Math.Max(topCount, 1)))
            {
                top[entry.Key] = entry.Value;
            }

            topArray.Add(top);
            offsetArray.Add(offset);
            offset += WordTokens.CodePointLength(token);
        }

        return new JsonObject
        {
            ["tokens"] = tokenArray,
            ["token_logprobs"] = logprobArray,
            ["top_logprobs"] = topArray,
            ["text_offset"] = offsetArray,
        };
    }

    private static JsonArray Utf8Bytes(string token)
    {
        var array = new JsonArray();
        foreach (var value in Encoding.UTF8.GetBytes(token))
        {
            array.Add((int)value);
        }

        return array;
    }
}

using System.Text.Json;
using Cappy.UpstreamSimulator.Generation;

namespace Cappy.UpstreamSimulator.Protocol;

/// <summary>Validates a legacy <c>/v1/completions</c> body the way vLLM does and extracts the fields the simulator uses.</summary>
internal static class CompletionRequestParser
{
    public static bool TryParse(JsonElement body, out GenerationRequest request, out RequestError? error)
    {
        request = null!;
        if (!TryReadPrompts(body, out var prompts, out error))
        {
            return false;
        }

        var parsed = new GenerationRequest { Prompts = prompts, PromptTokens = prompts.Sum(WordTokens.Count) };
        if (!JsonFields.TryReadCommon(body, parsed, out parsed, out error))
        {
            return false;
        }

        // NOTE: vLLM and OpenAI cut completions at 16 tokens when max_tokens is absent. The simulator does not cut
        // them, so that a request without a limit gets whole stored outputs.
        int? maxTokens = null;
        int? logprobs = null;
        if (!JsonFields.TryReadInt(body, "max_tokens", 1, int.MaxValue, ref maxTokens, out error)
            || !JsonFields.TryReadInt(body, "logprobs", 0, JsonFields.MaxTopLogprobs, ref logprobs, out error))
        {
            return false;
        }

        request = parsed with
        {
            MaxTokens = maxTokens,
            Logprobs = logprobs is not null,
            TopLogprobs = logprobs ?? 0,
        };
        return true;
    }

    private static bool TryReadPrompts(JsonElement body, out IReadOnlyList<string> prompts, out RequestError? error)
    {
        prompts = [];
        error = null;
        if (!body.TryGetProperty("prompt", out var prompt) || prompt.ValueKind == JsonValueKind.Null)
        {
            error = new RequestError("'prompt' is a required field.", "prompt");
            return false;
        }

        if (prompt.ValueKind == JsonValueKind.String)
        {
            prompts = [prompt.GetString()!];
            return true;
        }

        if (prompt.ValueKind != JsonValueKind.Array || prompt.GetArrayLength() == 0)
        {
            error = new RequestError(
                $"'prompt' must be a string or a non-empty array of strings, got {JsonFields.Describe(prompt)}.", "prompt");
            return false;
        }

        var texts = new List<string>();
        foreach (var item in prompt.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
            {
                // vLLM also accepts token-id prompts; the simulator has no tokenizer to decode them.
                error = new RequestError("the simulator accepts only text prompts; 'prompt' must contain strings.", "prompt");
                return false;
            }

            texts.Add(item.GetString()!);
        }

        prompts = texts;
        return true;
    }
}

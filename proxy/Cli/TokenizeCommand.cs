using System.CommandLine;
using System.Text.Json.Nodes;
using Cappy.Proxy.Errors;
using Cappy.Scorer.Tokenization;

namespace Cappy.Proxy.Cli;

/// <summary>
/// <c>tokenize</c>: writes each (instruction, response) JSON line with the <c>input_ids</c> (and
/// <c>token_type_ids</c> for WordPiece models) exactly as the cross-encoder is fed, to check truncation.
/// </summary>
internal static class TokenizeCommand
{
    private static readonly Option<string> Tokenizer = new("--tokenizer")
    {
        Description = "Directory with vocab.json and merges.txt (byte-level BPE, RoBERTa) or vocab.txt (WordPiece, BERT).",
        Required = true,
    };

    public static Command Create()
    {
        var command = new Command("tokenize", "Tokenize JSON lines {\"instruction\": ..., \"response\": ...} from standard input as cross-encoder pairs; writes each line with \"input_ids\" added.");
        command.Options.Add(Tokenizer);
        command.Options.Add(CommonOptions.MaxLength);
        command.SetAction(RunAsync);
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        IPairEncoder encoder;
        try
        {
            encoder = PairEncoders.FromDirectory(parseResult.GetValue(Tokenizer)!);
        }
        catch (Exception exception) when (exception is Cappy.Scorer.Models.ScorerModelException or IOException or UnauthorizedAccessException)
        {
            await Console.Error.WriteLineAsync(exception.Message);
            return 1;
        }

        var maxLength = parseResult.GetValue(CommonOptions.MaxLength);
        using var input = PairLines.OpenStandardInput();
        await using var output = PairLines.OpenStandardOutput();
        await foreach (var (pair, error) in PairLines.ReadAsync(input, cancellationToken))
        {
            if (pair is null)
            {
                await output.FlushAsync(cancellationToken);
                await Console.Error.WriteLineAsync(error);
                return 1;
            }

            var encoded = encoder.EncodePair(pair.Instruction, pair.Response, maxLength);
            pair.Json["input_ids"] = new JsonArray(encoded.InputIds.Select(id => (JsonNode)id).ToArray());
            if (encoded.TokenTypeIds is { } typeIds)
            {
                pair.Json["token_type_ids"] = new JsonArray(typeIds.Select(id => (JsonNode)id).ToArray());
            }

            await output.WriteLineAsync(pair.Json.ToJsonString(WireJson.Options));
        }

        await output.FlushAsync(cancellationToken);
        return 0;
    }
}

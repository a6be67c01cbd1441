using System.CommandLine;
using Cappy.Proxy.Errors;
using Cappy.Proxy.Hosting;
using Cappy.Scorer;
using Cappy.Scorer.Inference;
using Serilog.Extensions.Logging;

namespace Cappy.Proxy.Cli;

/// <summary>
/// <c>score</c>: reads (instruction, response) JSON lines on standard input and writes each with a <c>score</c>
/// field, using the same model and batching as the proxy. Consecutive lines with the same instruction are scored
/// in one batch.
/// </summary>
internal static class ScoreCommand
{
    /// <summary>Largest batch of consecutive same-instruction lines scored together.</summary>
    private const int MaxBatchRows = 64;

    public static Command Create()
    {
        var command = new Command("score", "Score JSON lines {\"instruction\": ..., \"response\": ...} from standard input; writes each line with a \"score\" field added.");
        foreach (var option in CommonOptions.ScorerOptions)
        {
            command.Options.Add(option);
        }

        command.SetAction(RunAsync);
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var logger = ProxyApplication.CreateLogger(parseResult.GetValue(CommonOptions.LogFormat)!);
        using var loggerFactory = new SerilogLoggerFactory(logger, dispose: true);
        IScorer scorer;
        try
        {
            scorer = ScorerFactory.Create(CommonOptions.ReadScorerOptions(parseResult), loggerFactory);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            await Console.Error.WriteLineAsync($"The scorer model could not be loaded: {ScorerSettingNames.Describe(exception)}");
            return 1;
        }

        using (scorer)
        {
            using var input = PairLines.OpenStandardInput();
            await using var output = PairLines.OpenStandardOutput();
            var batch = new List<PairLines.PairLine>();
            await foreach (var (pair, error) in PairLines.ReadAsync(input, cancellationToken))
            {
                if (pair is null)
                {
                    await FlushAsync(scorer, batch, output, cancellationToken);
                    await Console.Error.WriteLineAsync(error);
                    return 1;
                }

                if (batch.Count > 0 && (batch[0].Instruction != pair.Instruction || batch.Count == MaxBatchRows))
                {
                    await FlushAsync(scorer, batch, output, cancellationToken);
                }

                batch.Add(pair);
            }

            await FlushAsync(scorer, batch, output, cancellationToken);
        }

        return 0;
    }

    private static async Task FlushAsync(IScorer scorer, List<PairLines.PairLine> batch, TextWriter output, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return;
        }

        var scores = await scorer.ScoreAsync(batch[0].Instruction, batch.Select(pair => pair.Response).ToArray(), cancellationToken);
        for (var i = 0; i < batch.Count; i++)
        {
            batch[i].Json["score"] = scores[i];
            await output.WriteLineAsync(batch[i].Json.ToJsonString(WireJson.Options));
        }

        await output.FlushAsync(cancellationToken);
        batch.Clear();
    }
}

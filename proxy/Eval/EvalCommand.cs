using System.CommandLine;
using Cappy.Proxy.Cli;
using Cappy.Proxy.Hosting;
using Cappy.Scorer;
using Cappy.Scorer.Inference;
using Serilog.Extensions.Logging;

namespace Cappy.Proxy.Eval;

/// <summary>
/// <c>eval</c>: measures how well the scorer picks answers, on judged data. <c>eval rerank</c> compares the
/// scorer's pick with baseline selection strategies; <c>eval classify</c> measures zero-shot multiple-choice
/// accuracy. Both score through the same batching pipeline as the proxy.
/// </summary>
internal static class EvalCommand
{
    private static readonly Option<FileInfo> Data = new Option<FileInfo>("--data")
    {
        Description = "JSON lines file to evaluate on.",
        Required = true,
    }.AcceptExistingOnly();

    private static readonly Option<FileInfo?> Json = new("--json")
    {
        Description = "Write the results to this file as {\"strategies\": {NAME: VALUE, ...}, \"examples\": N}.",
    };

    private static readonly Option<FileInfo?> Chart = new("--chart")
    {
        Description = "Draw the results as a bar chart into this PNG file.",
    };

    private static readonly Option<int?> IdModulo = new("--id-modulo")
    {
        Description = "Evaluate only the examples whose id leaves --id-remainder when divided by this number (rerank: the \"id\" field; classify: \"example_idx\"). Example: --id-modulo 3 --id-remainder 0.",
    };

    private static readonly Option<int> IdRemainder = new("--id-remainder")
    {
        Description = "The remainder that --id-modulo keeps.",
        DefaultValueFactory = _ => 0,
    };

    public static Command Create()
    {
        var eval = new Command("eval", "Evaluate the scorer on judged data: which answer it picks (rerank) or multiple-choice accuracy (classify).");
        eval.Subcommands.Add(CreateSubcommand(
            "rerank",
            "Pick one answer per instruction by score and report the mean quality of the picks against baselines. Data: AlpacaEval candidates (quality = win_prob) or Big-Bench generations (quality = ROUGE-L F-measure against the references).",
            RunRerankAsync));
        eval.Subcommands.Add(CreateSubcommand(
            "classify",
            "Zero-shot multiple choice on PromptSource lines: an example is right when its highest-scored response has label 1. Reports accuracy per dataset and their average.",
            RunClassifyAsync));
        return eval;
    }

    private static Command CreateSubcommand(string name, string description, Func<ParseResult, IScorer, CancellationToken, Task<EvalReport>> evaluate)
    {
        var command = new Command(name, description);
        command.Options.Add(Data);
        command.Options.Add(Json);
        command.Options.Add(Chart);
        command.Options.Add(IdModulo);
        command.Options.Add(IdRemainder);
        command.Validators.Add(ValidateIdSubset);
        foreach (var option in CommonOptions.ScorerOptions)
        {
            command.Options.Add(option);
        }

        command.SetAction((parseResult, cancellationToken) => RunAsync(parseResult, evaluate, cancellationToken));
        return command;
    }

    private static void ValidateIdSubset(System.CommandLine.Parsing.CommandResult result)
    {
        var modulo = result.GetValue(IdModulo);
        var remainder = result.GetValue(IdRemainder);
        if (modulo is null)
        {
            if (result.GetResult(IdRemainder) is { Implicit: false })
            {
                result.AddError("--id-remainder is set without --id-modulo: add --id-modulo M to select examples by id % M.");
            }
        }
        else if (modulo < 1)
        {
            result.AddError($"--id-modulo must be at least 1, got {modulo}.");
        }
        else if (remainder < 0 || remainder >= modulo)
        {
            result.AddError($"--id-remainder must be between 0 and {modulo - 1} for --id-modulo {modulo}, got {remainder}.");
        }
    }

    private static IdSubset? ReadIdSubset(ParseResult parseResult) =>
        parseResult.GetValue(IdModulo) is { } modulo ? new IdSubset(modulo, parseResult.GetValue(IdRemainder)) : null;

    private static void RequireExamples(int count, IdSubset? subset)
    {
        if (count == 0)
        {
            throw new EvalDataException(subset is null ? "it has no examples." : $"no example has {subset}.");
        }
    }

    private static string Title(string command, FileInfo data, IdSubset? subset) =>
        subset is null ? $"{command}: {data.Name}" : $"{command}: {data.Name}, {subset}";

    private static async Task<int> RunAsync(ParseResult parseResult, Func<ParseResult, IScorer, CancellationToken, Task<EvalReport>> evaluate, CancellationToken cancellationToken)
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

        EvalReport report;
        using (scorer)
        {
            try
            {
                report = await evaluate(parseResult, scorer, cancellationToken);
            }
            catch (Exception exception) when (exception is EvalDataException or IOException or UnauthorizedAccessException)
            {
                await Console.Error.WriteLineAsync($"Invalid data file {parseResult.GetValue(Data)!.FullName}: {exception.Message}");
                return 1;
            }
        }

        await Console.Out.WriteAsync(report.ToMarkdown());
        var target = "";
        try
        {
            if (parseResult.GetValue(Json) is { } json)
            {
                target = json.FullName;
                await File.WriteAllTextAsync(json.FullName, report.ToJson() + "\n", cancellationToken);
            }

            if (parseResult.GetValue(Chart) is { } chart)
            {
                target = chart.FullName;
                EvalChart.SavePng(report, chart.FullName);
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            await Console.Error.WriteLineAsync($"Failed to write {target}: {exception.Message}");
            return 1;
        }

        return 0;
    }

    private static async Task<EvalReport> RunRerankAsync(ParseResult parseResult, IScorer scorer, CancellationToken cancellationToken)
    {
        var data = parseResult.GetValue(Data)!;
        IReadOnlyList<RerankExample> examples;
        using (var reader = data.OpenText())
        {
            examples = RerankDataReader.Read(reader);
        }

        var subset = ReadIdSubset(parseResult);
        if (subset is not null)
        {
            var missing = examples.FirstOrDefault(example => example.Id is null);
            if (missing is not null)
            {
                throw new EvalDataException($"line {missing.LineNumber}: --id-modulo needs an integer \"id\" field on every line.");
            }

            examples = examples.Where(example => subset.Contains(example.Id!.Value)).ToArray();
        }

        RequireExamples(examples.Count, subset);

        var pairs = examples.Select(example => (IReadOnlyList<(string, string)>)example.Candidates.Select(candidate => (example.Instruction, candidate.Text)).ToArray()).ToArray();
        var scores = await ScoreAsync(parseResult, scorer, pairs, cancellationToken);
        var averages = new StrategyAverages();
        for (var i = 0; i < examples.Count; i++)
        {
            RerankStrategies.Add(averages, examples[i], scores[i]);
        }

        var isAlpaca = examples.Any(example => example.Candidates.Any(candidate => candidate.Generator is not null));
        return new EvalReport(Title("rerank", data, subset), isAlpaca ? "mean win_prob" : "mean ROUGE-L F", averages.Means(), examples.Count);
    }

    private static async Task<EvalReport> RunClassifyAsync(ParseResult parseResult, IScorer scorer, CancellationToken cancellationToken)
    {
        var data = parseResult.GetValue(Data)!;
        IReadOnlyList<ClassifyExample> examples;
        using (var reader = data.OpenText())
        {
            examples = ClassifyDataReader.Read(reader);
        }

        var subset = ReadIdSubset(parseResult);
        if (subset is not null)
        {
            examples = examples.Where(example => subset.Contains(example.ExampleIndex)).ToArray();
        }

        RequireExamples(examples.Count, subset);

        var pairs = examples.Select(example => (IReadOnlyList<(string, string)>)example.Options.Select(option => (option.Instruction, option.Response)).ToArray()).ToArray();
        var scores = await ScoreAsync(parseResult, scorer, pairs, cancellationToken);
        return new EvalReport(Title("classify", data, subset), "accuracy", ClassifyAccuracy.Compute(examples, scores), examples.Count);
    }

    private static Task<float[][]> ScoreAsync(ParseResult parseResult, IScorer scorer, IReadOnlyList<(string, string)>[] pairs, CancellationToken cancellationToken)
    {
        var progress = new EvalProgress(pairs.Length, Console.Error, TimeProvider.System);
        return EvalScoring.ScoreAllAsync(
            scorer,
            pairs,
            parseResult.GetValue(CommonOptions.MaxBatchRows),
            parseResult.GetValue(CommonOptions.MaxQueueRows),
            progress,
            cancellationToken);
    }
}

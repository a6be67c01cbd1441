using System.Globalization;

namespace Cappy.UpstreamSimulator.CommandLine;

/// <summary>
/// Parses <c>--name value</c> and <c>--name=value</c> flags into <see cref="SimulatorOptions"/>.
/// </summary>
internal static class CommandLineParser
{
    // Flags owned by the ASP.NET Core host; they are passed on unchanged.
    private static readonly HashSet<string> HostFlags = new(StringComparer.Ordinal) { "--urls", "--environment" };

    public static CommandLineResult Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);

        var errors = new List<string>();
        var hostArgs = new List<string>();
        var showHelp = false;

        string? candidates = null;
        var nMode = NMode.Honor;
        var latencyMs = 0;
        var failureRate = 0.0;
        var failEvery = 0;
        var seed = 0;
        var model = SimulatorOptions.DefaultModel;

        for (var i = 0; i < args.Count; i++)
        {
            var argument = args[i];
            if (argument is "-h" or "--help" or "-?")
            {
                showHelp = true;
                continue;
            }

            var (name, inlineValue) = SplitFlag(argument);
            if (!name.StartsWith("--", StringComparison.Ordinal))
            {
                errors.Add($"unexpected argument '{argument}'; options start with '--' (see --help).");
                continue;
            }

            string? value = inlineValue;
            if (value is null)
            {
                if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
                {
                    errors.Add($"option {name} needs a value (see --help).");
                    continue;
                }

                value = args[++i];
            }

            if (HostFlags.Contains(name))
            {
                hostArgs.Add(name);
                hostArgs.Add(value);
                continue;
            }

            switch (name)
            {
                case "--candidates":
                    candidates = value;
                    break;
                case "--n-mode":
                    nMode = ParseNMode(value, errors);
                    break;
                case "--latency-ms":
                    latencyMs = ParseInt(name, value, "milliseconds, 0 or more", errors);
                    break;
                case "--fail-rate":
                    failureRate = ParseProbability(name, value, errors);
                    break;
                case "--fail-every":
                    failEvery = ParseInt(name, value, "a request count, 0 to turn it off", errors);
                    break;
                case "--seed":
                    seed = ParseInt(name, value, "an integer", errors);
                    break;
                case "--model":
                    model = value;
                    break;
                default:
                    errors.Add($"unknown option {name} (see --help).");
                    break;
            }
        }

        var options = new SimulatorOptions
        {
            CandidatesPath = candidates,
            NMode = nMode,
            LatencyMs = latencyMs,
            FailureRate = failureRate,
            FailEvery = failEvery,
            Seed = seed,
            Model = model,
        };

        // Range checks live in the options so that in-process hosts get the same messages. A value that failed to
        // parse was left at its valid default, so it is not reported twice.
        if (!showHelp)
        {
            errors.AddRange(options.Validate());
        }

        return new CommandLineResult(options, hostArgs, showHelp, errors);
    }

    private static (string Name, string? Value) SplitFlag(string argument)
    {
        var equals = argument.IndexOf('=', StringComparison.Ordinal);
        return equals < 0 ? (argument, null) : (argument[..equals], argument[(equals + 1)..]);
    }

    private static NMode ParseNMode(string value, List<string> errors)
    {
        switch (value.ToLowerInvariant())
        {
            case "honor":
                return NMode.Honor;
            case "ignore":
                return NMode.Ignore;
            case "reject":
                return NMode.Reject;
            default:
                errors.Add($"invalid value '{value}' for --n-mode; use honor, ignore or reject.");
                return NMode.Honor;
        }
    }

    private static int ParseInt(string name, string value, string expected, List<string> errors)
    {
        if (int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number))
        {
            return number;
        }

        errors.Add($"invalid value '{value}' for {name}; expected {expected}.");
        return 0;
    }

    private static double ParseProbability(string name, string value, List<string> errors)
    {
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return number;
        }

        errors.Add($"invalid value '{value}' for {name}; expected a probability from 0 to 1, such as 0.05.");
        return 0;
    }
}

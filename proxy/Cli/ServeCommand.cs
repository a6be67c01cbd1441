using Microsoft.AspNetCore.Connections;
using System.CommandLine;
using Cappy.Proxy.Configuration;
using Cappy.Proxy.Hosting;

namespace Cappy.Proxy.Cli;

/// <summary>The root command: run the reranking proxy.</summary>
internal static class ServeCommand
{
    private static readonly Option<string> Config = new("--config")
    {
        Description = "Directory of route files (*.json, YARP ReverseProxy sections with a Rerank section per route). Env: CAPPY_CONFIG.",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("CAPPY_CONFIG") ?? "config",
    };

    private static readonly Option<Uri?> Upstream = new("--upstream")
    {
        Description = "Rerank every /v1/... request to this OpenAI-compatible server (base URL, e.g. http://127.0.0.1:8000), with no route files. Env: CAPPY_UPSTREAM.",
        DefaultValueFactory = _ => Uri.TryCreate(Environment.GetEnvironmentVariable("CAPPY_UPSTREAM"), UriKind.Absolute, out var uri) ? uri : null,
        CustomParser = result => Uri.TryCreate(result.Tokens[0].Value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? uri
            : Invalid(result),
    };

    private static readonly Option<int> UpstreamN = new("--n")
    {
        Description = "Candidates sampled per request on the --upstream route (1 to 128; route files set N per route). Env: CAPPY_N.",
        DefaultValueFactory = _ => CommonOptions.ReadInt("CAPPY_N", 4),
    };

    private static readonly Option<string> Urls = new("--urls")
    {
        Description = "Addresses to listen on, separated by semicolons. Env: CAPPY_URLS.",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("CAPPY_URLS") ?? "http://127.0.0.1:8080",
    };

    private static readonly Option<long> MaxRequestBodyBytes = new("--max-request-body-bytes")
    {
        Description = "Largest chat or completions request body the reranker accepts, in bytes; larger ones get 413. Env: CAPPY_MAX_REQUEST_BODY_BYTES.",
        DefaultValueFactory = _ => CommonOptions.ReadLong("CAPPY_MAX_REQUEST_BODY_BYTES", 16 * 1024 * 1024),
    };

    static ServeCommand()
    {
        UpstreamN.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<int>();
            if (value is < 1 or > 128)
            {
                result.AddError($"--n must be between 1 and 128, got {value}.");
            }
        });
    }

    public static void Configure(RootCommand root)
    {
        root.Options.Add(Config);
        root.Options.Add(Upstream);
        root.Options.Add(UpstreamN);
        root.Options.Add(Urls);
        root.Options.Add(MaxRequestBodyBytes);
        root.SetAction(RunAsync);
    }

    private static async Task<int> RunAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var settings = new ProxySettings
        {
            ConfigDirectory = parseResult.GetValue(Config)!,
            Upstream = NormalizeUpstream(parseResult.GetValue(Upstream)),
            UpstreamN = parseResult.GetValue(UpstreamN),
            Urls = parseResult.GetValue(Urls)!,
            Scorer = CommonOptions.ReadScorerOptions(parseResult),
            Limits = new ProxyLimits { MaxRequestBodyBytes = parseResult.GetValue(MaxRequestBodyBytes) },
            LogFormat = parseResult.GetValue(CommonOptions.LogFormat)!,
        };

        WebApplication app;
        try
        {
            app = ProxyApplication.Build(settings);
        }
        catch (Exception exception) when (exception is StartupException or RouteConfigurationException)
        {
            await Console.Error.WriteLineAsync(exception.Message);
            return 1;
        }

        await using (app)
        {
            try
            {
                await app.RunAsync(cancellationToken);
            }
            catch (IOException exception) when (exception.InnerException is AddressInUseException)
            {
                await Console.Error.WriteLineAsync($"{exception.Message} Stop the process that listens there, or choose another address with --urls.");
                return 1;
            }
        }

        return 0;
    }

    /// <summary>
    /// Drops a trailing <c>/v1</c>: users often pass an OpenAI base URL, but requests already start with <c>/v1/</c>.
    /// </summary>
    private static Uri? NormalizeUpstream(Uri? upstream)
    {
        if (upstream is null)
        {
            return null;
        }

        var path = upstream.AbsolutePath.TrimEnd('/');
        return path.EndsWith("/v1", StringComparison.OrdinalIgnoreCase)
            ? new Uri(upstream, path[..^"/v1".Length] + "/")
            : upstream;
    }

    private static Uri? Invalid(System.CommandLine.Parsing.ArgumentResult result)
    {
        result.AddError($"--upstream must be an absolute http or https URL, got '{result.Tokens[0].Value}'.");
        return null;
    }
}

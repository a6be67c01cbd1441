using System.CommandLine;

namespace Cappy.Proxy.Cli;

/// <summary>
/// <c>healthcheck</c>: sends one GET to the server's readiness endpoint and exits 0 on a 2xx status, 1 otherwise.
/// Container images without curl use it as their HEALTHCHECK.
/// </summary>
internal static class HealthCheckCommand
{
    private static readonly Option<Uri> Url = new("--url")
    {
        Description = "Endpoint to check, which returns a 2xx status when the server is healthy. Env: CAPPY_HEALTHCHECK_URL.",
        DefaultValueFactory = _ => Uri.TryCreate(Environment.GetEnvironmentVariable("CAPPY_HEALTHCHECK_URL"), UriKind.Absolute, out var uri)
            ? uri
            : new Uri("http://127.0.0.1:8080/readyz"),
    };

    private static readonly Option<double> TimeoutSeconds = new("--timeout")
    {
        Description = "Time to wait for the response, in seconds. Env: CAPPY_HEALTHCHECK_TIMEOUT.",
        DefaultValueFactory = _ => CommonOptions.ReadDouble("CAPPY_HEALTHCHECK_TIMEOUT", 5),
    };

    static HealthCheckCommand()
    {
        TimeoutSeconds.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<double>();
            if (!(value > 0))
            {
                result.AddError($"--timeout must be a positive number of seconds, got {value}.");
            }
        });
    }

    public static Command Create()
    {
        var command = new Command("healthcheck", "Send GET to the server's /readyz (or --url) and exit 0 on a 2xx status, 1 otherwise.");
        command.Options.Add(Url);
        command.Options.Add(TimeoutSeconds);
        command.SetAction(RunAsync);
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var url = parseResult.GetValue(Url)!;
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(parseResult.GetValue(TimeoutSeconds)) };
        try
        {
            using var response = await http.GetAsync(url, cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                return 0;
            }

            Console.Error.WriteLine($"{url} returned HTTP {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
            return 1;
        }
        catch (HttpRequestException exception)
        {
            Console.Error.WriteLine($"Request to {url} failed: {exception.Message}");
            return 1;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            Console.Error.WriteLine($"Request to {url} timed out after {http.Timeout.TotalSeconds} s.");
            return 1;
        }
    }
}

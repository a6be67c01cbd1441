using System.Net;
using Xunit;

namespace Cappy.IntegrationTests.Observability;

/// <summary>
/// Reads <c>GET /metrics</c> until a condition holds. The handler records a request's metrics as it returns, and
/// the exporter caches a scrape for 300 ms, so a scrape right after a response may not show it yet.
/// </summary>
internal static class MetricsScraper
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    public static async Task<IReadOnlyList<PrometheusSample>> ScrapeAsync(HttpClient http)
    {
        using var response = await http.GetAsync(new Uri("/metrics", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return PrometheusText.Parse(await response.Content.ReadAsStringAsync());
    }

    /// <summary>Returns the first scrape for which <paramref name="condition"/> holds, or the last one after 10 s.</summary>
    public static async Task<IReadOnlyList<PrometheusSample>> WaitForAsync(HttpClient http, Func<IReadOnlyList<PrometheusSample>, bool> condition)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (true)
        {
            var samples = await ScrapeAsync(http);
            if (condition(samples) || DateTime.UtcNow > deadline)
            {
                return samples;
            }

            await Task.Delay(100);
        }
    }
}

using Cappy.Proxy.Errors;
using Xunit;

namespace Cappy.Proxy.Tests.Errors;

public sealed class ProxyErrorTableTests
{
    public static TheoryData<string, int, string, string> Rows => new()
    {
        { nameof(ProxyError.InvalidJson), 400, "invalid_request_error", "invalid_json" },
        { nameof(ProxyError.InvalidField), 400, "invalid_request_error", "invalid_value" },
        { nameof(ProxyError.Unauthorized), 401, "invalid_request_error", "invalid_api_key" },
        { nameof(ProxyError.RouteNotFound), 404, "invalid_request_error", "not_found" },
        { nameof(ProxyError.BodyTooLarge), 413, "invalid_request_error", "request_too_large" },
        { nameof(ProxyError.UpstreamUnreachable), 502, "upstream_error", "upstream_unreachable" },
        { nameof(ProxyError.UpstreamTimeout), 504, "upstream_error", "upstream_timeout" },
        { nameof(ProxyError.UpstreamFailed), 502, "upstream_error", "upstream_failed" },
        { nameof(ProxyError.BelowMinScore), 422, "quality_error", "below_min_score" },
        { nameof(ProxyError.ScorerOverloaded), 429, "rate_limit_error", "scorer_overloaded" },
        { nameof(ProxyError.Internal), 500, "server_error", "internal_error" },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public void Get_MapsErrorToStatusTypeAndCode(string error, int status, string type, string code)
    {
        var entry = ProxyErrorTable.Get(Enum.Parse<ProxyError>(error));

        Assert.Equal(status, entry.StatusCode);
        Assert.Equal(type, entry.Type);
        Assert.Equal(code, entry.Code);
    }

    [Fact]
    public void Rows_CoverEveryError()
    {
        var covered = Rows.Select(row => (string)row[0]).ToHashSet();

        Assert.Equal(Enum.GetNames<ProxyError>().Order(), covered.Order());
    }

    [Fact]
    public void CreateBody_HasOpenAIErrorShape()
    {
        var body = OpenAIError.CreateBody(ProxyError.InvalidField, "n must be an integer", "n");
        var error = body["error"]!.AsObject();

        Assert.Equal("n must be an integer", error["message"]!.GetValue<string>());
        Assert.Equal("invalid_request_error", error["type"]!.GetValue<string>());
        Assert.Equal("n", error["param"]!.GetValue<string>());
        Assert.Equal("invalid_value", error["code"]!.GetValue<string>());
    }
}

namespace Cappy.IntegrationTests.Simulator;

/// <summary>Request bodies shared by the simulator tests.</summary>
internal static class RequestBodies
{
    public static object Chat(string userText, int n = 1, int? maxTokens = null) => new Dictionary<string, object?>
    {
        ["model"] = "test-model",
        ["messages"] = new object[] { new { role = "user", content = userText } },
        ["n"] = n,
        ["max_tokens"] = maxTokens,
    };

    public static object ChatStream(string userText, int n, bool includeUsage) => new Dictionary<string, object?>
    {
        ["messages"] = new object[] { new { role = "user", content = userText } },
        ["n"] = n,
        ["stream"] = true,
        ["stream_options"] = new { include_usage = includeUsage },
    };

    public static object Completion(string prompt, int n = 1) => new Dictionary<string, object?>
    {
        ["prompt"] = prompt,
        ["n"] = n,
    };
}

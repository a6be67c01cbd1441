namespace Cappy.IntegrationTests.Reliability;

/// <summary>A request as the fake upstream received it: headers (names case-insensitive) and body text.</summary>
internal sealed record RecordedRequest(IReadOnlyDictionary<string, string> Headers, string Body);

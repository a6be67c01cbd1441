namespace Cappy.IntegrationTests.Observability;

/// <summary>One line of a Prometheus text exposition: series name, labels and value.</summary>
internal sealed record PrometheusSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);

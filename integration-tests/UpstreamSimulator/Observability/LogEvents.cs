namespace Cappy.UpstreamSimulator.Observability;

/// <summary>Event ids of every simulator log message, kept in one place so that ids stay unique.</summary>
internal static class LogEvents
{
    public const int Started = 1;
    public const int RequestCompleted = 2;
    public const int FailureInjected = 3;
    public const int CountersReset = 4;
}

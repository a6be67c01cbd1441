namespace Cappy.Proxy.Observability;

/// <summary>Stable log event ids of the proxy, one per event, kept in one place so they never collide.</summary>
internal static class EventIds
{
    public const int Started = 1;
    public const int ConfigurationLoaded = 2;
    public const int ScorerReady = 3;
    public const int ScorerWarmUpFailed = 4;
    public const int RouteLoaded = 5;
    public const int RoutesReloaded = 6;
    public const int RoutesReloadRejected = 7;
    public const int UnknownScorer = 8;
    public const int NParameterLearned = 10;
    public const int ScorerFailed = 11;
    public const int RerankFailed = 12;
    public const int ClientDisconnected = 13;
    public const int RerankApiScoringFailed = 14;
    public const int ScorerNotLoaded = 15;
    public const int UnhandledException = 20;
    public const int CaptureEnabled = 30;
    public const int CaptureDropped = 31;
    public const int CaptureRecordFailed = 32;
    public const int CaptureWriteFailed = 33;
    public const int CaptureWriteResumed = 34;
    public const int CaptureDeleteFailed = 35;
    public const int CaptureLineFailed = 36;
}

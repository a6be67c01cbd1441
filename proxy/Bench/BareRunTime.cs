namespace Cappy.Proxy.Bench;

/// <summary>Batches, rows and real tokens run on the bare session, and the seconds spent in session runs.</summary>
internal sealed record BareRunTime(int Batches, int Rows, long Tokens, double Seconds);

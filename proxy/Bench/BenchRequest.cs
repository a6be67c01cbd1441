namespace Cappy.Proxy.Bench;

/// <summary>One scoring request of the workload: an instruction and the candidate answers scored against it.</summary>
internal sealed record BenchRequest(string Instruction, string[] Responses);

namespace Cappy.Proxy.Training;

/// <summary>One (instruction, response) pair with its target score in [0, 1].</summary>
internal sealed record TrainingExample(string Instruction, string Response, float Label);

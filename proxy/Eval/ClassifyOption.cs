namespace Cappy.Proxy.Eval;

/// <summary>One answer choice of a multiple-choice example; <paramref name="IsCorrect"/> is true for <c>label</c> 1.</summary>
internal sealed record ClassifyOption(string Instruction, string Response, bool IsCorrect);

namespace Cappy.Proxy.Eval;

/// <summary>A data file line that is not valid JSON or lacks a field the evaluation needs; the message names the line.</summary>
internal sealed class EvalDataException(string message) : Exception(message);

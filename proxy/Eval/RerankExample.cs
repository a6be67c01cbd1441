namespace Cappy.Proxy.Eval;

/// <summary>
/// One instruction with the candidate answers to choose from, in file order; <c>LineNumber</c> is its line in the
/// data file, for error messages, and <c>Id</c> its optional integer <c>id</c> field.
/// </summary>
internal sealed record RerankExample(int LineNumber, string Instruction, IReadOnlyList<RerankCandidate> Candidates, long? Id = null);

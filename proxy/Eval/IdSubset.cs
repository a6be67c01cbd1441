namespace Cappy.Proxy.Eval;

/// <summary>
/// The examples whose id leaves <c>Remainder</c> when divided by <c>Modulo</c>, e.g. modulo 3 and remainder 0 for
/// the instructions held out of training by id. Negative ids count from the same residue classes (-1 mod 3 = 2).
/// </summary>
internal sealed record IdSubset(int Modulo, int Remainder)
{
    public bool Contains(long id) => ((id % Modulo) + Modulo) % Modulo == Remainder;

    /// <summary>Describes the subset for report titles: <c>id % 3 == 0</c>.</summary>
    public override string ToString() => $"id % {Modulo} == {Remainder}";
}

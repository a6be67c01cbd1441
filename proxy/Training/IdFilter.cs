namespace Cappy.Proxy.Training;

/// <summary>
/// Skips the rows whose integer <c>id</c> leaves <see cref="ExcludedRemainder"/> when divided by
/// <see cref="Modulo"/>, to hold those instructions out of training.
/// </summary>
internal sealed record IdFilter(int Modulo, int ExcludedRemainder)
{
    /// <summary>Whether a row with <paramref name="id"/> is used for training.</summary>
    public bool Includes(long id) => ((id % Modulo) + Modulo) % Modulo != ExcludedRemainder;

    public override string ToString() => $"id % {Modulo} != {ExcludedRemainder}";
}

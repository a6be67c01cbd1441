using System.Buffers.Binary;
using Cappy.Proxy.Training;
using Xunit;

namespace Cappy.Proxy.Tests.Training;

public sealed class LossChartTests
{
    [Fact]
    public void Save_WritesPngOfRequestedSize()
    {
        var path = Path.Combine(Path.GetTempPath(), $"cappy-loss-{Guid.NewGuid():N}.png");
        try
        {
            var losses = Enumerable.Range(0, 30).Select(step => 0.2 / (1 + step)).ToList();

            LossChart.Save(losses, "Training loss: test", path);

            // A PNG starts with an 8-byte signature, then the IHDR chunk with big-endian width and height at bytes 16 to 23.
            var bytes = File.ReadAllBytes(path);
            Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, bytes[..8]);
            Assert.Equal(900, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16, 4)));
            Assert.Equal(500, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20, 4)));
        }
        finally
        {
            File.Delete(path);
        }
    }
}

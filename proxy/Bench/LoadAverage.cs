using System.Globalization;

namespace Cappy.Proxy.Bench;

/// <summary>Reads the system's one-minute load average, a sign of other processes competing for the CPU.</summary>
internal static class LoadAverage
{
    /// <summary>Returns the first field of <c>/proc/loadavg</c>, or null where it is not available.</summary>
    public static double? ReadOneMinute()
    {
        const string path = "/proc/loadavg";
        try
        {
            var fields = File.Exists(path) ? File.ReadAllText(path).Split(' ') : [];
            return fields.Length > 0 && double.TryParse(fields[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : null;
        }
        catch (IOException)
        {
            return null;
        }
    }
}

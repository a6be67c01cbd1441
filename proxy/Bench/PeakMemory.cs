namespace Cappy.Proxy.Bench;

/// <summary>Resets the process's peak resident set size, so that the reported peak covers only the scorer.</summary>
internal static class PeakMemory
{
    /// <summary>
    /// Frees unreachable managed memory and, on Linux 4.0 or later, resets the peak resident set size (VmHWM,
    /// which <see cref="System.Diagnostics.Process.PeakWorkingSet64"/> reads) to the current one by writing 5 to
    /// <c>/proc/self/clear_refs</c>. Returns false where that is not possible; the peak then includes earlier
    /// work such as quantizing the model.
    /// </summary>
    public static bool TryReset()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}

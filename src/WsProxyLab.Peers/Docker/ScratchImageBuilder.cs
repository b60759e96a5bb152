using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using DotNet.Testcontainers.Builders;

namespace WsProxyLab.Peers.Docker;

/// <summary>
/// Builds a <see cref="ScratchImageSpec"/> with Testcontainers' <c>ImageFromDockerfileBuilder</c>, for engines that cannot
/// pull images: the build context is a root filesystem assembled from the host's own files. The tag is a digest of the
/// binary and its libraries, so an unchanged host reuses the image it built before.
/// </summary>
public static partial class ScratchImageBuilder
{
    private const string Passwd = "root:x:0:0:root:/root:/sbin/nologin\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\nwww-data:x:33:33:www-data:/var/www:/usr/sbin/nologin\nhaproxy:x:101:101::/var/lib/haproxy:/usr/sbin/nologin\n";
    private const string Group = "root:x:0:\nnogroup:x:65534:\nwww-data:x:33:\nhaproxy:x:101:\n";

    /// <summary>Builds the image unless the engine has it already; returns its full name.</summary>
    public static async Task<string> BuildAsync(ScratchImageSpec spec, DockerEngine engine, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(engine);
        var files = new[] { spec.Binary }.Concat(await SharedLibrariesAsync(spec.Binary, cancellationToken).ConfigureAwait(false)).Concat(spec.ExtraFiles).Distinct().ToList();
        var fullName = $"{spec.Name}:{Digest(files)}";
        if (await engine.HasAnyImageAsync(fullName, cancellationToken).ConfigureAwait(false))
        {
            return fullName;
        }

        var context = Directory.CreateTempSubdirectory("wsproxylab-image-").FullName;
        try
        {
            var root = Path.Combine(context, "rootfs");
            foreach (var file in files)
            {
                var target = Path.Combine(root, file.TrimStart('/'));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                // File.Copy follows symbolic links: the image gets the library itself under the name the loader asks for.
                File.Copy(file, target, overwrite: true);
            }

            foreach (var directory in spec.Directories.Append("/tmp"))
            {
                var target = Path.Combine(root, directory.TrimStart('/'));
                Directory.CreateDirectory(target);
                await File.WriteAllTextAsync(Path.Combine(target, ".keep"), string.Empty, cancellationToken).ConfigureAwait(false);
            }

            Directory.CreateDirectory(Path.Combine(root, "etc"));
            await File.WriteAllTextAsync(Path.Combine(root, "etc", "passwd"), Passwd, cancellationToken).ConfigureAwait(false);
            await File.WriteAllTextAsync(Path.Combine(root, "etc", "group"), Group, cancellationToken).ConfigureAwait(false);
            await File.WriteAllTextAsync(Path.Combine(context, "Dockerfile"), "FROM scratch\nCOPY rootfs/ /\n", cancellationToken).ConfigureAwait(false);

            var image = new ImageFromDockerfileBuilder()
                .WithDockerfileDirectory(context)
                .WithDockerfile("Dockerfile")
                .WithName(fullName)
                .WithCleanUp(false)
                .Build();
            await image.CreateAsync(cancellationToken).ConfigureAwait(false);
            return fullName;
        }
        finally
        {
            Directory.Delete(context, recursive: true);
        }
    }

    /// <summary>The absolute paths <c>ldd</c> lists for <paramref name="binary"/>, the dynamic loader included.</summary>
    internal static async Task<IReadOnlyList<string>> SharedLibrariesAsync(string binary, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("ldd", [binary]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var ldd = Process.Start(start) ?? throw new InvalidOperationException("Could not run ldd.");
        var output = await ldd.StandardOutput.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        await ldd.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        if (ldd.ExitCode != 0)
        {
            throw new InvalidOperationException($"ldd {binary} exited with {ldd.ExitCode}: {await ldd.StandardError.ReadToEndAsync(cancellationToken).ConfigureAwait(false)}");
        }

        return [.. LibraryPath().Matches(output).Select(match => match.Groups["path"].Value)];
    }

    private static string Digest(IEnumerable<string> files)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in files.Order(StringComparer.Ordinal))
        {
            hash.AppendData(Encoding.UTF8.GetBytes(file));
            hash.AppendData(File.ReadAllBytes(file));
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset())[..12];
    }

    // "libssl.so.3 => /lib/x86_64-linux-gnu/libssl.so.3 (0x…)" and "/lib64/ld-linux-x86-64.so.2 (0x…)".
    [GeneratedRegex(@"(?:=>\s+|^\s*)(?<path>/\S+)\s+\(0x", RegexOptions.Multiline)]
    private static partial Regex LibraryPath();
}

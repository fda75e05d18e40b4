using System.Diagnostics;

namespace Scheduling.Tests.Shared;

/// <summary>Runs the repo's pinned command-line tools (linters, client generators) from tests and collects their output.</summary>
internal static class ExternalProcess
{
    /// <summary>The checkout's root (where Scheduling.sln is), found from the test output folder.</summary>
    public static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Scheduling.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Scheduling.sln not found above the test output folder.");
    }

    /// <summary>Runs <paramref name="executable"/> to its end (or the timeout) and answers its exit code with stdout + stderr.</summary>
    public static async Task<(int ExitCode, string Output)> Run(
        string executable, IEnumerable<string> arguments, string workingDirectory, IReadOnlyDictionary<string, string> environment, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(executable)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        await process.WaitForExitAsync(cancel.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}

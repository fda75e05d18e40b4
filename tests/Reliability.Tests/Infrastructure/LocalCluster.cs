using System.Diagnostics;
using Npgsql;

namespace Scheduling.Reliability.Tests.Infrastructure;

/// <summary>A throw-away PostgreSQL cluster (eng/local-postgres) that a test can stop and start again on the same port.</summary>
public sealed class LocalCluster : IAsyncDisposable
{
    private readonly string root;
    private readonly string dataDirectory;

    private LocalCluster(string root, string connectionString)
    {
        this.root = root;
        dataDirectory = Path.Combine(root, "data");
        ConnectionString = connectionString;
    }

    public string ConnectionString { get; }

    public int Port => new NpgsqlConnectionStringBuilder(ConnectionString).Port;

    public static async Task<LocalCluster> Start()
    {
        var root = Directory.CreateTempSubdirectory("scheduling-reliability-").FullName;
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(root, (UnixFileMode)0b111_101_101);
        }
        // Durable settings (no --fast): these tests count on every acknowledged commit surviving a crash.
        var output = await Script("start", Path.Combine(root, "data"));
        return new LocalCluster(root, output.Trim().Split('\n')[^1]);
    }

    /// <summary>Stops the server (an outage); <see cref="Restart"/> brings it back on the same port with the same data.</summary>
    public Task Stop() => Run(PgCtl(), "-D", dataDirectory, "-m", "immediate", "-w", "stop");

    public Task Restart() => Run(
        PgCtl(), "-D", dataDirectory, "-l", Path.Combine(dataDirectory, "server.log"), "-w", "-t", "60",
        "-o", $"-c listen_addresses=127.0.0.1 -p {Port} -k {dataDirectory} -c max_connections=300", "start");

    public async ValueTask DisposeAsync()
    {
        await Script("stop", dataDirectory);
        try
        {
            Directory.Delete(root, recursive: true);
        }
        catch (IOException)
        {
            // best effort: the OS temp cleaner gets it
        }
    }

    private static string PgCtl()
    {
        foreach (var dir in Directory.GetDirectories("/usr/lib/postgresql").OrderDescending())
        {
            var candidate = Path.Combine(dir, "bin", "pg_ctl");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("pg_ctl not found under /usr/lib/postgresql");
    }

    private static Task<string> Script(params string[] arguments) => Run(Path.Combine(Repo.Root, "eng", "local-postgres"), arguments);

    // pg_ctl refuses to run as root: as root the cluster belongs to the postgres user (eng/local-postgres does the same).
    private static async Task<string> Run(string program, params string[] arguments)
    {
        var asRoot = Environment.UserName == "root" && !program.EndsWith("local-postgres", StringComparison.Ordinal);
        var start = new ProcessStartInfo(asRoot ? "runuser" : program) { RedirectStandardOutput = true, RedirectStandardError = true };
        if (asRoot)
        {
            foreach (var a in new[] { "-u", "postgres", "--", program })
            {
                start.ArgumentList.Add(a);
            }
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed ({process.ExitCode}): {await stderr}");
        }

        return await stdout;
    }
}

using System.Diagnostics;
using System.Net;
using Scheduling.Api.IntegrationTests.Infrastructure;

namespace Scheduling.Api.IntegrationTests.Operations;

/// <summary>
/// Groundwork for issue 9 item 4: the pinned generators (.config/dotnet-tools.json, restored by ./test) turn the served
/// document into C# clients without warnings, with NodaTime values typed as dates and instants, not lost as objects.
/// Compiling the clients and driving the flows through them is the next step (see docs/api-behaviour.md).
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class GeneratedClientTests(ApiFixture fixture) : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("scheduling-clients-").FullName;

    [Fact]
    public async Task Kiota_GeneratesWithoutWarnings_AndTypesDatesAndInstants()
    {
        var document = await WriteDocument();
        var output = Path.Combine(folder, "kiota");
        var (exitCode, log) = await Tool("kiota", "generate", "-l", "CSharp", "-d", document, "-o", output, "-n", "Scheduling.Client.Kiota", "-c", "SchedulingClient", "--ll", "Warning");

        Assert.True(exitCode == 0, $"kiota failed:\n{log}");
        Assert.DoesNotContain("warn:", log, StringComparison.Ordinal); // e.g. "Discriminator Instant is not inherited …"
        Assert.DoesNotContain("fail:", log, StringComparison.Ordinal);
        var patient = await File.ReadAllTextAsync(Path.Combine(output, "Models", "RegisterPatientRequest.cs"));
        Assert.Contains("public Date? DateOfBirth", patient, StringComparison.Ordinal);
        var window = await File.ReadAllTextAsync(Path.Combine(output, "Models", "OpenWindowRequest.cs"));
        Assert.Contains("public DateTimeOffset? Start", window, StringComparison.Ordinal);
        Assert.Contains("public int? Capacity", window, StringComparison.Ordinal);
        var problem = await File.ReadAllTextAsync(Path.Combine(output, "Models", "ProblemDetails.cs"));
        Assert.Contains("ProblemDetails_errors? Errors", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NSwag_GeneratesStringEnumsAndTypedValues()
    {
        var document = await WriteDocument();
        var output = Path.Combine(folder, "nswag", "Client.cs");
        var (exitCode, log) = await Tool(
            "nswag", "openapi2csclient", $"/input:{document}", $"/output:{output}", "/namespace:Scheduling.Client.NSwag", "/className:SchedulingClient",
            "/JsonLibrary:SystemTextJson", "/DateType:System.DateOnly", "/DateTimeType:System.DateTimeOffset");

        Assert.True(exitCode == 0, $"nswag failed:\n{log}");
        var code = await File.ReadAllTextAsync(output);
        Assert.Contains("public enum SchedulingMode", code, StringComparison.Ordinal);
        Assert.Contains("EnumMember(Value = @\"choose_a_time\")", code, StringComparison.Ordinal);
        Assert.Contains("public System.DateOnly? DateOfBirth", code, StringComparison.Ordinal);
        Assert.Contains("public System.DateTimeOffset? Start", code, StringComparison.Ordinal);
        Assert.Contains("public int? Capacity", code, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private async Task<string> WriteDocument()
    {
        var response = (await fixture.Client(string.Empty).Get("/openapi/v1.json")).AssertStatus(HttpStatusCode.OK);
        var path = Path.Combine(folder, "v1.json");
        await File.WriteAllTextAsync(path, response.Body);
        return path;
    }

    private static async Task<(int ExitCode, string Output)> Tool(string tool, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = RepoRoot(), // where .config/dotnet-tools.json pins the versions
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(tool);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["KIOTA_OFFLINE_ENABLED"] = "true"; // no update check over the network
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }

    private static string RepoRoot()
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
}

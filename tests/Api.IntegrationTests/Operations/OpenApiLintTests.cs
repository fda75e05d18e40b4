using System.Net;
using Scheduling.Api.IntegrationTests.Infrastructure;
using Scheduling.Tests.Shared;

namespace Scheduling.Api.IntegrationTests.Operations;

/// <summary>
/// The served document passes maintained OpenAPI linters with no errors: Spectral (spectral:oas) and Redocly
/// (recommended), pinned in eng/openapi-lint and installed by ./test. Rule sets live beside them.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class OpenApiLintTests(ApiFixture fixture) : IDisposable
{
    private static readonly string LintFolder = Path.Combine(ExternalProcess.RepoRoot(), "eng", "openapi-lint");

    private readonly string documentPath = Path.Combine(Path.GetTempPath(), $"scheduling-openapi-{Guid.NewGuid():N}.json");

    [Fact]
    public async Task Spectral_FindsNoErrors()
    {
        await WriteDocument();
        var (exitCode, output) = await Run("spectral", "lint", documentPath, "--ruleset", ".spectral.json", "--fail-severity", "error", "--format", "text");
        Assert.True(exitCode == 0, $"Spectral found errors in /openapi/v1.json:\n{output}");
    }

    [Fact]
    public async Task Redocly_FindsNoErrors()
    {
        await WriteDocument();
        var (exitCode, output) = await Run("redocly", "lint", documentPath, "--config", "redocly.yaml", "--format", "codeframe");
        Assert.True(exitCode == 0, $"Redocly found errors in /openapi/v1.json:\n{output}");
        Assert.Contains("validated", output, StringComparison.Ordinal); // it really linted the file
    }

    public void Dispose() => File.Delete(documentPath);

    private async Task WriteDocument()
    {
        var response = (await fixture.Client(string.Empty).Get("/openapi/v1.json")).AssertStatus(HttpStatusCode.OK);
        await File.WriteAllTextAsync(documentPath, response.Body);
    }

    private static async Task<(int ExitCode, string Output)> Run(string tool, params string[] arguments)
    {
        var executable = Path.Combine(LintFolder, "node_modules", ".bin", tool);
        Assert.True(File.Exists(executable), $"{executable} is missing: ./test installs it (or run 'npm ci --ignore-scripts' in eng/openapi-lint).");
        var environment = new Dictionary<string, string> { ["REDOCLY_TELEMETRY"] = "off", ["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true", ["NO_COLOR"] = "1" };
        return await ExternalProcess.Run(executable, arguments, LintFolder, environment, TimeSpan.FromMinutes(2));
    }
}

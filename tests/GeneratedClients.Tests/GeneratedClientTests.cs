using System.Net;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Scheduling.Api.IntegrationTests.Infrastructure;
using Scheduling.Tests.Shared;

namespace Scheduling.GeneratedClients.Tests;

/// <summary>
/// Issue 9 item 4: the pinned generators (.config/dotnet-tools.json, restored by ./test) turn the document the service
/// serves into C# clients, unedited; each is compiled here together with its flows (GeneratedClients/Flows/*.cs, plain
/// C# against the generated types) and driven against the service under test. A new flow is a few lines in a Flows file.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class GeneratedClientTests(ApiFixture fixture) : IDisposable
{
    private static readonly string FlowsFolder = Path.Combine(AppContext.BaseDirectory, "Flows");

    private readonly string folder = Directory.CreateTempSubdirectory("scheduling-clients-").FullName;

    [Fact]
    public async Task Kiota_GeneratesWithoutWarnings_AndTypesDatesAndInstants()
    {
        var output = await GenerateKiota();
        var patient = await File.ReadAllTextAsync(Path.Combine(output, "Models", "RegisterPatientRequest.cs"));
        Assert.Contains("public Date? DateOfBirth", patient, StringComparison.Ordinal);
        var window = await File.ReadAllTextAsync(Path.Combine(output, "Models", "OpenWindowRequest.cs"));
        Assert.Contains("public DateTimeOffset? Start", window, StringComparison.Ordinal);
        Assert.Contains("public int? Capacity", window, StringComparison.Ordinal);
        var problem = await File.ReadAllTextAsync(Path.Combine(output, "Models", "ProblemDetails.cs"));
        Assert.Contains("ProblemDetails_errors? Errors", problem, StringComparison.Ordinal);
        // Merge-patch members are plain nullable values, not composed wrappers that cannot carry the value.
        var patch = await File.ReadAllTextAsync(Path.Combine(output, "Models", "UpdateAppointmentRequest.cs"));
        Assert.Contains("public string? Note", patch, StringComparison.Ordinal);
        Assert.Contains("public global::Scheduling.Client.Kiota.Models.AddressRequest? Location", patch, StringComparison.Ordinal);
        Assert.DoesNotContain("IComposedTypeWrapper", patch, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NSwag_GeneratesStringEnumsAndTypedValues()
    {
        var code = await File.ReadAllTextAsync(await GenerateNSwag());
        Assert.Contains("public enum SchedulingMode", code, StringComparison.Ordinal);
        Assert.Contains("EnumMember(Value = @\"choose_a_time\")", code, StringComparison.Ordinal);
        // Required by the server, so required and non-nullable in the document (issue 9).
        Assert.Contains("public System.DateOnly DateOfBirth", code, StringComparison.Ordinal);
        Assert.Contains("public System.DateTimeOffset Start", code, StringComparison.Ordinal);
        Assert.Contains("public int Capacity", code, StringComparison.Ordinal);
        // Merge-patch members are typed values; they were empty classes (Note2, FirstName) the client could not fill.
        Assert.DoesNotContain("public Note2 Note", code, StringComparison.Ordinal);
        Assert.DoesNotContain("public FirstName FirstName", code, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KiotaClient_RunsTheFlows()
    {
        var generated = Directory.GetFiles(await GenerateKiota(), "*.cs", SearchOption.AllDirectories);
        var flows = Compile("Scheduling.Client.Kiota", [.. generated, Flow("Check.cs"), Flow("KiotaFlows.cs")]);
        await Run(flows, "Scheduling.Client.Flows.KiotaFlows");
    }

    [Fact]
    public async Task NSwagClient_RunsTheFlows()
    {
        var flows = Compile("Scheduling.Client.NSwag", [await GenerateNSwag(), Flow("Check.cs"), Flow("NSwagFlows.cs")]);
        await Run(flows, "Scheduling.Client.Flows.NSwagFlows");
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private static string Flow(string file) => Path.Combine(FlowsFolder, file);

    private async Task<string> GenerateKiota()
    {
        var output = Path.Combine(folder, "kiota");
        var (exitCode, log) = await Tool(
            "kiota", "generate", "-l", "CSharp", "-d", await WriteDocument(), "-o", output, "-n", "Scheduling.Client.Kiota", "-c", "SchedulingClient", "--ll", "Warning");
        Assert.True(exitCode == 0, $"kiota failed:\n{log}");
        Assert.DoesNotContain("warn:", log, StringComparison.Ordinal); // e.g. "Discriminator Instant is not inherited …"
        Assert.DoesNotContain("fail:", log, StringComparison.Ordinal);
        return output;
    }

    private async Task<string> GenerateNSwag()
    {
        // Newtonsoft, NSwag's default: its enum converter honours EnumMember (the snake_case wire values).
        var output = Path.Combine(folder, "nswag", "Client.cs");
        var (exitCode, log) = await Tool(
            "nswag", "openapi2csclient", $"/input:{await WriteDocument()}", $"/output:{output}", "/namespace:Scheduling.Client.NSwag", "/className:SchedulingClient",
            "/JsonLibrary:NewtonsoftJson", "/DateType:System.DateOnly", "/DateTimeType:System.DateTimeOffset",
            // Date-time query parameters (asOf, from, to) as RFC 3339 with offset and fraction; NSwag's default "s" drops
            // both, and the service refuses an instant without an offset (400).
            "/ParameterDateTimeFormat:o");
        Assert.True(exitCode == 0, $"nswag failed:\n{log}");
        return output;
    }

    private async Task<string> WriteDocument()
    {
        var path = Path.Combine(folder, "v1.json");
        if (!File.Exists(path))
        {
            var response = (await fixture.Client(string.Empty).Get("/openapi/v1.json")).AssertStatus(HttpStatusCode.OK);
            await File.WriteAllTextAsync(path, response.Body);
        }

        return path;
    }

    /// <summary>Compiles generated client + flows against this test's own dependencies (the client libraries are package references here).</summary>
    private static Assembly Compile(string name, string[] files)
    {
        var parse = new CSharpParseOptions(LanguageVersion.Latest, preprocessorSymbols: ["NET", "NETCOREAPP", "NETCOREAPP3_1_OR_GREATER", "NET5_0_OR_GREATER", "NET8_0_OR_GREATER"]);
        var trees = files.Select(file => CSharpSyntaxTree.ParseText(File.ReadAllText(file), parse, file));
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Concat(Directory.GetFiles(AppContext.BaseDirectory, "*.dll"))
            .Where(IsManaged)
            .GroupBy(Path.GetFileName)
            .Select(group => MetadataReference.CreateFromFile(group.First()));
        var compilation = CSharpCompilation.Create(
            $"{name}.{Guid.NewGuid():N}",
            trees,
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        using var image = new MemoryStream();
        var result = compilation.Emit(image);
        var errors = result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Take(20).Select(d => d.ToString());
        Assert.True(result.Success, $"the generated {name} client and its flows do not compile:\n{string.Join('\n', errors)}");
        image.Position = 0;
        return new AssemblyLoadContext(name, isCollectible: true).LoadFromStream(image);
    }

    /// <summary>
    /// Runs the flows with what they cannot make themselves, as plain BCL types (the flows are compiled apart from this
    /// assembly): an HttpClient to the service with the API key, built around the client's own handlers (Kiota's
    /// middleware reads response headers); a webhook receiver on 127.0.0.1; and the service's fake clock.
    /// </summary>
    private async Task Run(Assembly flows, string typeName)
    {
        await using var receiver = await WebhookReceiver.Start();
        var clients = new List<HttpClient>();
        Func<DelegatingHandler[], HttpClient> ConnectAs(string key) => handlers =>
        {
            var http = fixture.Factory.CreateDefaultClient(handlers);
            http.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", $"Bearer {key}");
            clients.Add(http);
            return http;
        };
        var connect = ConnectAs(DemoKeys.DemoTest);
        var connectOperations = ConnectAs(DemoKeys.DemoOperations); // erasure is for operations keys only
        Func<DateTimeOffset> now = () => fixture.Clock.GetCurrentInstant().ToDateTimeOffset();
        Action<TimeSpan> advance = by => fixture.Clock.Advance(NodaTime.Duration.FromTimeSpan(by));
        try
        {
            var run = flows.GetType(typeName, throwOnError: true)!.GetMethod("Run")!;
            await (Task)run.Invoke(null, [connect, connectOperations, receiver.Url, now, advance])!;
        }
        finally
        {
            clients.ForEach(http => http.Dispose());
        }

        // The test event the flows sent (and retried) reached the receiver, signed with a secret the service shares.
        var tests = receiver.Received.Where(r => r.Type == "webhook.test").ToList();
        Assert.True(tests.Count >= 2, $"expected the test event and its manual retry, got {tests.Count}");
        Assert.Single(tests.Select(r => r.Id).Distinct());
    }

    private static bool IsManaged(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            using var reader = new System.Reflection.PortableExecutable.PEReader(stream);
            return reader.HasMetadata;
        }
        catch (BadImageFormatException)
        {
            return false;
        }
    }

    private static Task<(int ExitCode, string Output)> Tool(string tool, params string[] arguments) =>
        ExternalProcess.Run(
            "dotnet",
            [tool, .. arguments],
            ExternalProcess.RepoRoot(), // where .config/dotnet-tools.json pins the versions
            new Dictionary<string, string> { ["KIOTA_OFFLINE_ENABLED"] = "true", ["DOTNET_NOLOGO"] = "1" }, // no update check over the network
            TimeSpan.FromMinutes(4));
}

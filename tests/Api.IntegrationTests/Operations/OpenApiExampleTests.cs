using System.Net;
using System.Text.Json.Nodes;
using Scheduling.Api.Development;
using Scheduling.Api.IntegrationTests.Infrastructure;

namespace Scheduling.Api.IntegrationTests.Operations;

/// <summary>
/// The document's request examples (issue 9): each is valid against its own schema, and each succeeds against the
/// demo data <c>./run</c> seeds (<see cref="DemoData"/>), so a client, or a fuzzer's examples phase, can run them as they are.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class OpenApiExampleTests(ApiFixture fixture)
{
    [Fact]
    public async Task EveryExample_IsValidAgainstItsOwnSchema()
    {
        var document = await Document();
        var checkedExamples = 0;
        foreach (var (path, operation) in Operations(document))
        {
            foreach (var (contentType, media) in operation["requestBody"]?["content"]?.AsObject() ?? [])
            {
                Assert.True(media!["example"] is not null || media["examples"] is not null, $"{path} {contentType} has no example");
                var result = fixture.Contract.Evaluate(media["schema"]!, media["example"]);
                Assert.True(result.IsValid, $"{path} {contentType}: the example does not match its schema:\n{OpenApiContract.Explain(result)}");
                checkedExamples++;
            }

            foreach (var parameter in operation["parameters"]?.AsArray() ?? [])
            {
                if (parameter!["example"] is { } example)
                {
                    Assert.True(fixture.Contract.Evaluate(parameter["schema"]!, example).IsValid, $"{path} parameter {parameter["name"]}: example off its schema");
                }
            }
        }

        Assert.True(checkedExamples >= 10, $"only {checkedExamples} request examples were found");
    }

    [Fact]
    public async Task EveryPostAndPatchExample_SucceedsAgainstTheDemoData()
    {
        await DemoData.Seed(fixture.Factory.Services, CancellationToken.None);
        var document = await Document();
        var client = fixture.Client();
        string Example(string path, string method = "post") =>
            document["paths"]![path]![method]!["requestBody"]!["content"]!["application/json"]!["example"]!.ToJsonString();
        async Task<JsonNode> Succeeds(HttpMethod method, string path, string template, HttpStatusCode status = HttpStatusCode.OK) =>
            (await client.Send(method, path, Example(template, method.Method.ToLowerInvariant()))).AssertStatus(status).Json!;

        var patient = await Succeeds(HttpMethod.Post, "/v1/patients", "/v1/patients", HttpStatusCode.Created);
        await Succeeds(HttpMethod.Patch, $"/v1/patients/{patient["id"]}", "/v1/patients/{id}");
        var window = await Succeeds(HttpMethod.Post, "/v1/availability/windows", "/v1/availability/windows", HttpStatusCode.Created);
        var webhook = await Succeeds(HttpMethod.Post, "/v1/webhooks/endpoints", "/v1/webhooks/endpoints", HttpStatusCode.Created);
        await Succeeds(HttpMethod.Patch, $"/v1/webhooks/endpoints/{webhook["id"]}", "/v1/webhooks/endpoints/{id}");

        // The appointment examples in their lifecycle order: create, patch, schedule, cancel; complete; reschedule.
        async Task<string> Created() =>
            (await Succeeds(HttpMethod.Post, "/v1/appointments", "/v1/appointments", HttpStatusCode.Created))["id"]!.GetValue<string>();
        var cancelled = await Created();
        await Succeeds(HttpMethod.Patch, $"/v1/appointments/{cancelled}", "/v1/appointments/{id}");
        await Succeeds(HttpMethod.Post, $"/v1/appointments/{cancelled}/schedule", "/v1/appointments/{id}/schedule");
        await Succeeds(HttpMethod.Post, $"/v1/appointments/{cancelled}/cancel", "/v1/appointments/{id}/cancel");

        var completed = await Created();
        await Succeeds(HttpMethod.Post, $"/v1/appointments/{completed}/schedule", "/v1/appointments/{id}/schedule");
        await Succeeds(HttpMethod.Post, $"/v1/appointments/{completed}/complete", "/v1/appointments/{id}/complete");

        // Rescheduling onto the demo window needs the appointment to be somewhere else first: the window just opened.
        var moved = await Created();
        await client.Post($"/v1/appointments/{moved}/schedule", new JsonObject { ["windowId"] = window["id"]!.GetValue<string>() });
        var rescheduled = await Succeeds(HttpMethod.Post, $"/v1/appointments/{moved}/reschedule", "/v1/appointments/{id}/reschedule");
        Assert.Equal(DemoData.WindowId, rescheduled["window"]!["id"]!.GetValue<string>());
    }

    private async Task<JsonNode> Document() =>
        (await fixture.Client(string.Empty).Get("/openapi/v1.json")).AssertStatus(HttpStatusCode.OK).Json!;

    private static IEnumerable<(string Path, JsonNode Operation)> Operations(JsonNode document) =>
        document["paths"]!.AsObject().SelectMany(p => p.Value!.AsObject().Select(o => ($"{o.Key.ToUpperInvariant()} {p.Key}", o.Value!)));
}

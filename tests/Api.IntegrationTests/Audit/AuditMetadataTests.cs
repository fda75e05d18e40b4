using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Scheduling.Api.IntegrationTests.Infrastructure;

namespace Scheduling.Api.IntegrationTests.Audit;

/// <summary>Every event records who (actor) and which request (correlation id = the W3C trace id).</summary>
[Collection(ApiCollection.Name)]
public sealed class AuditMetadataTests(ApiFixture fixture)
{
    private readonly ApiClient api = fixture.Client();

    private async Task<ApiResponse> SendTraced(HttpMethod method, string path, string traceId, JsonObject? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.TryAddWithoutValidation("Authorization", DemoKeys.DemoTest);
        request.Headers.TryAddWithoutValidation("traceparent", $"00-{traceId}-{Guid.NewGuid():N}"[..52] + "-01");
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString());
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        using var response = await api.Http.SendAsync(request);
        return await ApiResponse.From(response);
    }

    [Fact]
    public async Task OneRequest_CanBeFollowedFromItsTraceIdToTheLogLineAndTheEvent()
    {
        var patientId = await api.CreatePatient();
        var traceId = Guid.NewGuid().ToString("N");

        var created = (await SendTraced(HttpMethod.Post, "/v1/appointments", traceId, RequestBodies.Appointment(patientId))).AssertStatus(HttpStatusCode.Created);

        var id = created.Json!["id"]!.GetValue<string>();
        var entry = (await api.Get($"/v1/appointments/{id}/events")).AssertStatus(HttpStatusCode.OK).Json!.AsArray().Single()!;
        Assert.Equal(traceId, entry["correlationId"]!.GetValue<string>());
        Assert.Equal("api_key", entry["actor"]!["kind"]!.GetValue<string>());
        var keyId = entry["actor"]!["keyId"]!.GetValue<string>();
        Assert.Equal(16, keyId.Length);
        Assert.DoesNotContain(DemoKeys.DemoTest, entry.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains(fixture.Factory.Logs.Lines, line => line.Contains($"trace {traceId}", StringComparison.Ordinal) && line.Contains("responded 201", StringComparison.Ordinal));

        // The same request id reaches a problem response: a refused cancel carries it in traceId and in its log line.
        var refusedTrace = Guid.NewGuid().ToString("N");
        (await SendTraced(HttpMethod.Post, $"/v1/appointments/{id}/cancel", traceId, RequestBodies.Cancellation())).AssertStatus(HttpStatusCode.OK);
        var refused = (await SendTraced(HttpMethod.Post, $"/v1/appointments/{id}/cancel", refusedTrace, RequestBodies.Cancellation()))
            .AssertProblem(HttpStatusCode.Conflict, "already_cancelled");
        Assert.Contains(refusedTrace, refused.Json!["traceId"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains(fixture.Factory.Logs.Lines, line => line.Contains($"trace {refusedTrace}", StringComparison.Ordinal));

        // Both events of the appointment carry the request that made each and the same key id.
        var trail = (await api.Get($"/v1/appointments/{id}/events")).Json!.AsArray();
        Assert.Equal([traceId, traceId], trail.Select(e => e!["correlationId"]!.GetValue<string>()));
        Assert.All(trail, e => Assert.Equal(keyId, e!["actor"]!["keyId"]!.GetValue<string>()));
    }
}

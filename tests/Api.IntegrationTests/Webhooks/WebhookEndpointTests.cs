using System.Net;
using System.Text.Json.Nodes;
using Scheduling.Api.IntegrationTests.Infrastructure;

namespace Scheduling.Api.IntegrationTests.Webhooks;

/// <summary>Endpoint management: secrets shown once, URL safety (nothing is ever sent here), field rules, tenant isolation.</summary>
[Collection(ApiCollection.Name)]
public sealed class WebhookEndpointTests(ApiFixture fixture) : IAsyncLifetime
{
    // Never listened on by anything: registration checks must refuse or accept without connecting.
    private const string Loopback = "http://127.0.0.1:9/hooks";

    private readonly ApiClient api = fixture.Client();
    private readonly List<string> created = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var id in created)
        {
            await api.Send(HttpMethod.Delete, $"/v1/webhooks/endpoints/{id}");
        }
    }

    private async Task<JsonNode> Create(params string[] events)
    {
        var json = (await api.Post("/v1/webhooks/endpoints", RequestBodies.WebhookEndpoint(Loopback, events))).AssertStatus(HttpStatusCode.Created).Json!;
        created.Add(json["id"]!.GetValue<string>());
        return json;
    }

    [Fact]
    public async Task Create_ReturnsTheSecretOnce_AndGetAndListNeverShowIt()
    {
        var endpoint = await Create("appointment.created");
        var id = endpoint["id"]!.GetValue<string>();

        Assert.Matches("^whe_[0-9a-f]{32}$", id);
        var secret = endpoint["secret"]!.GetValue<string>();
        Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);
        Assert.True(Convert.FromBase64String(secret["whsec_".Length..]).Length >= 24);
        Assert.Equal(["appointment.created"], endpoint["events"]!.AsArray().Select(e => e!.GetValue<string>()));
        Assert.True(endpoint["enabled"]!.GetValue<bool>());

        var got = (await api.Get($"/v1/webhooks/endpoints/{id}")).AssertStatus(HttpStatusCode.OK);
        Assert.Null(got.Json!["secret"]);
        Assert.DoesNotContain(secret, got.Body, StringComparison.Ordinal);
        var listed = (await api.Get("/v1/webhooks/endpoints")).AssertStatus(HttpStatusCode.OK);
        Assert.Contains(listed.Json!["data"]!.AsArray(), e => e!["id"]!.GetValue<string>() == id);
        Assert.DoesNotContain(secret, listed.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Patch_ChangesOnlyWhatIsGiven_AndDeleteRemovesIt()
    {
        var id = (await Create())["id"]!.GetValue<string>();

        var patched = (await api.Send(HttpMethod.Patch, $"/v1/webhooks/endpoints/{id}", """{"enabled":false,"events":["appointment.cancelled"]}""")).AssertStatus(HttpStatusCode.OK);
        Assert.False(patched.Json!["enabled"]!.GetValue<bool>());
        Assert.Equal("appointment.cancelled", patched.Json["events"]![0]!.GetValue<string>());
        Assert.Equal("test receiver", patched.Json["description"]!.GetValue<string>());
        Assert.Equal(Loopback, patched.Json["url"]!.GetValue<string>());

        (await api.Send(HttpMethod.Delete, $"/v1/webhooks/endpoints/{id}")).AssertStatus(HttpStatusCode.NoContent);
        (await api.Get($"/v1/webhooks/endpoints/{id}")).AssertProblem(HttpStatusCode.NotFound, "webhook_endpoint_not_found");
    }

    [Fact]
    public async Task RotateSecret_ReturnsANewSecret()
    {
        var endpoint = await Create();
        var rotated = (await api.Post($"/v1/webhooks/endpoints/{endpoint["id"]}/rotate-secret", new { })).AssertStatus(HttpStatusCode.OK);

        Assert.StartsWith("whsec_", rotated.Json!["secret"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.NotEqual(endpoint["secret"]!.GetValue<string>(), rotated.Json["secret"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(DemoKeys.DemoLive, "http://127.0.0.1:9/hooks")]
    [InlineData(DemoKeys.DemoLive, "https://127.0.0.1/hooks")]
    [InlineData(DemoKeys.DemoLive, "https://localhost/hooks")]
    [InlineData(DemoKeys.DemoLive, "https://10.1.2.3/hooks")]
    [InlineData(DemoKeys.DemoLive, "https://172.16.0.1/hooks")]
    [InlineData(DemoKeys.DemoLive, "https://192.168.1.1/hooks")]
    [InlineData(DemoKeys.DemoLive, "https://169.254.169.254/latest/meta-data")]
    [InlineData(DemoKeys.DemoLive, "https://100.64.0.1/hooks")]
    [InlineData(DemoKeys.DemoLive, "https://224.0.0.1/hooks")]
    [InlineData(DemoKeys.DemoLive, "https://0.0.0.0/hooks")]
    [InlineData(DemoKeys.DemoLive, "https://[::1]/hooks")]
    [InlineData(DemoKeys.DemoLive, "https://[::]/hooks")]
    [InlineData(DemoKeys.DemoLive, "https://[fe80::1]/hooks")]
    [InlineData(DemoKeys.DemoLive, "https://[fd00::1]/hooks")]
    [InlineData(DemoKeys.DemoLive, "https://[ff02::1]/hooks")]
    [InlineData(DemoKeys.DemoLive, "https://[::ffff:10.0.0.1]/hooks")]
    [InlineData(DemoKeys.DemoLive, "https://[::ffff:127.0.0.1]/hooks")]
    [InlineData(DemoKeys.DemoLive, "http://93.184.216.34/hooks")]
    [InlineData(DemoKeys.DemoTest, "http://10.1.2.3/hooks")]
    [InlineData(DemoKeys.DemoTest, "https://192.168.1.1/hooks")]
    [InlineData(DemoKeys.DemoTest, "https://[::ffff:169.254.169.254]/hooks")]
    [InlineData(DemoKeys.DemoTest, "http://[::1]/hooks")]
    public async Task Create_RefusesNonPublicOrPlainHttpTargets_With422(string key, string url)
    {
        var response = await api.Send(HttpMethod.Post, "/v1/webhooks/endpoints", RequestBodies.WebhookEndpoint(url).ToJsonString(), keyOverride: $"Bearer {key}");

        response.AssertProblem(HttpStatusCode.UnprocessableEntity, "invalid_webhook_url");
    }

    [Fact]
    public async Task Patch_RefusesANonPublicTarget_With422()
    {
        var id = (await Create())["id"]!.GetValue<string>();

        (await api.Send(HttpMethod.Patch, $"/v1/webhooks/endpoints/{id}", """{"url":"https://10.0.0.1/x"}"""))
            .AssertProblem(HttpStatusCode.UnprocessableEntity, "invalid_webhook_url");
    }

    [Theory]
    [InlineData("""{"events":[]}""", "url")]
    [InlineData("""{"url":"not a url"}""", "url")]
    [InlineData("""{"url":"ftp://127.0.0.1/x"}""", "url")]
    [InlineData("""{"url":"http://user:pw@127.0.0.1/x"}""", "url")]
    [InlineData("""{"url":"http://127.0.0.1/x","events":["Appointment Created"]}""", "events[0]")]
    [InlineData("""{"url":"http://127.0.0.1/x","events":[null]}""", "events[0]")]
    public async Task Create_WithABadField_Is400NamingIt(string body, string field)
    {
        (await api.PostRaw("/v1/webhooks/endpoints", body)).AssertFieldError(field);
    }

    [Fact]
    public async Task Create_WithAnUnknownFieldOrBrokenJson_Is400()
    {
        (await api.PostRaw("/v1/webhooks/endpoints", """{"url":"http://127.0.0.1/x","secret":"mine"}""")).AssertStatus(HttpStatusCode.BadRequest);
        (await api.PostRaw("/v1/webhooks/endpoints", """{"url":""")).AssertStatus(HttpStatusCode.BadRequest);
        (await api.PostRaw("/v1/webhooks/endpoints", $$"""{"url":"http://127.0.0.1/x","description":"{{new string('d', 501)}}"}""")).AssertFieldError("description");
    }

    [Fact]
    public async Task AnotherTenantsEndpoint_Is404Everywhere()
    {
        var id = (await Create())["id"]!.GetValue<string>();
        var other = fixture.Client(DemoKeys.OtherTest);
        var live = fixture.Client(DemoKeys.DemoLive);

        foreach (var client in new[] { other, live })
        {
            (await client.Get($"/v1/webhooks/endpoints/{id}")).AssertProblem(HttpStatusCode.NotFound, "webhook_endpoint_not_found");
            (await client.Send(HttpMethod.Patch, $"/v1/webhooks/endpoints/{id}", """{"enabled":false}""")).AssertProblem(HttpStatusCode.NotFound, "webhook_endpoint_not_found");
            (await client.Post($"/v1/webhooks/endpoints/{id}/rotate-secret", new { })).AssertProblem(HttpStatusCode.NotFound, "webhook_endpoint_not_found");
            (await client.Post($"/v1/webhooks/endpoints/{id}/test", new { })).AssertProblem(HttpStatusCode.NotFound, "webhook_endpoint_not_found");
            (await client.Get($"/v1/webhooks/endpoints/{id}/deliveries")).AssertProblem(HttpStatusCode.NotFound, "webhook_endpoint_not_found");
            (await client.Send(HttpMethod.Delete, $"/v1/webhooks/endpoints/{id}")).AssertProblem(HttpStatusCode.NotFound, "webhook_endpoint_not_found");
            Assert.DoesNotContain(id, (await client.Get("/v1/webhooks/endpoints")).Body, StringComparison.Ordinal);
        }

        (await api.Get($"/v1/webhooks/endpoints/{id}")).AssertStatus(HttpStatusCode.OK);
    }

    [Fact]
    public async Task UnknownIdsAndBadQueries_AreProblems()
    {
        (await api.Get("/v1/webhooks/endpoints/whe_doesnotexist")).AssertProblem(HttpStatusCode.NotFound, "webhook_endpoint_not_found");
        (await api.Get("/v1/webhooks/endpoints/nonsense")).AssertProblem(HttpStatusCode.NotFound, "webhook_endpoint_not_found");
        (await api.Post("/v1/webhooks/deliveries/whd_doesnotexist/retry", new { })).AssertProblem(HttpStatusCode.NotFound, "webhook_delivery_not_found");
        var id = (await Create())["id"]!.GetValue<string>();
        (await api.Get($"/v1/webhooks/endpoints/{id}/deliveries?status=lost")).AssertFieldError("status");
        (await api.Get($"/v1/webhooks/endpoints/{id}/deliveries?limit=0")).AssertFieldError("limit");
        (await api.Get($"/v1/webhooks/endpoints/{id}/deliveries?cursor=abc")).AssertFieldError("cursor");
    }

    [Fact]
    public async Task TheOpenApiDocument_DescribesTheEndpointsAndThePayload()
    {
        var document = (await api.Get("/openapi/v1.json")).AssertStatus(HttpStatusCode.OK).Json!;

        Assert.NotNull(document["paths"]!["/v1/webhooks/endpoints"]!["post"]);
        Assert.NotNull(document["paths"]!["/v1/webhooks/deliveries/{id}/retry"]!["post"]);
        var webhooks = document["webhooks"]!.AsObject();
        Assert.True(webhooks.ContainsKey("appointment.created") && webhooks.ContainsKey("appointment.no_show") && webhooks.ContainsKey("webhook.test"), document["webhooks"]!.ToJsonString());
        Assert.False(webhooks.ContainsKey("window.opened"));
        Assert.NotNull(document["components"]!["schemas"]!["AppointmentWebhookEvent"]);
    }
}

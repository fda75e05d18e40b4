using System.Net;
using System.Text.Json.Nodes;
using Npgsql;
using NodaTime;
using Scheduling.Api.IntegrationTests.Infrastructure;
using Scheduling.Tests.Shared;

namespace Scheduling.Api.IntegrationTests.Webhooks;

/// <summary>
/// Appointment events reach a real receiver on 127.0.0.1, signed (checked with the StandardWebhooks package), in
/// order, at least once, with the representation as of each event. The retry schedule runs 1000× faster here.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class WebhookDeliveryTests(ApiFixture fixture) : IAsyncLifetime
{
    private readonly ApiClient api = fixture.Client();
    private readonly List<string> endpoints = [];
    private WebhookReceiver receiver = null!;

    public async Task InitializeAsync() => receiver = await WebhookReceiver.Start();

    public async Task DisposeAsync()
    {
        foreach (var id in endpoints)
        {
            await api.Send(HttpMethod.Delete, $"/v1/webhooks/endpoints/{id}");
        }

        await receiver.DisposeAsync();
    }

    private async Task<(string Id, string Secret)> Subscribe(ApiClient? client = null, params string[] events)
    {
        var json = (await (client ?? api).Post("/v1/webhooks/endpoints", RequestBodies.WebhookEndpoint(receiver.Url.ToString(), events)))
            .AssertStatus(HttpStatusCode.Created).Json!;
        var id = json["id"]!.GetValue<string>();
        endpoints.Add(id);
        receiver.Secrets = [json["secret"]!.GetValue<string>()];
        return (id, json["secret"]!.GetValue<string>());
    }

    private async Task<string> PatientLed()
    {
        var patientId = await api.CreatePatient();
        return (await api.CreateAppointment(RequestBodies.Appointment(patientId))).AssertStatus(HttpStatusCode.Created).Json!["id"]!.GetValue<string>();
    }

    private async Task<JsonNode> Deliveries(string endpointId, string query = "") =>
        (await api.Get($"/v1/webhooks/endpoints/{endpointId}/deliveries{query}")).AssertStatus(HttpStatusCode.OK).Json!;

    [Fact]
    public async Task EveryAppointmentEvent_IsDeliveredSignedInOrder_WithTheRepresentationAsOfThatEvent()
    {
        await Subscribe();
        var id = await PatientLed();
        var windowId = await api.OpenWindow("tsk_bloodtest", fixture.Clock.InDays(9));
        var afterSchedule = (await api.Post($"/v1/appointments/{id}/schedule", new { windowId })).AssertStatus(HttpStatusCode.OK).Json!;
        var afterCancel = (await api.Post($"/v1/appointments/{id}/cancel", RequestBodies.Cancellation())).AssertStatus(HttpStatusCode.OK).Json!;

        await receiver.WaitFor(_ => receiver.For(id).Count >= 3);

        var got = receiver.For(id);
        Assert.Equal(["appointment.created", "appointment.scheduled", "appointment.cancelled"], got.Select(r => r.Type));
        Assert.Equal([1L, 2L, 3L], got.Select(r => r.Version!.Value));
        Assert.All(got, r => Assert.True(r.VerifiedBySecret.Single(), $"signature of {r.Id} did not verify"));
        Assert.All(got, r => Assert.Equal(r.Id, r.Json["id"]!.GetValue<string>()));
        Assert.All(got, r => Assert.Matches("^evt_[0-9a-f]{32}$", r.Id));
        Assert.Equal(3, got.Select(r => r.Id).Distinct().Count());
        Assert.True(JsonNode.DeepEquals(afterSchedule, got[1].Json["data"]!["appointment"]), got[1].Body);
        Assert.True(JsonNode.DeepEquals(afterCancel, got[2].Json["data"]!["appointment"]), got[2].Body);
        Assert.Equal("scheduling", got[0].Json["data"]!["appointment"]!["status"]!.GetValue<string>());
        Assert.Equal(afterCancel["updatedAt"]!.GetValue<string>(), got[2].Json["createdAt"]!.GetValue<string>());
    }

    [Fact]
    public async Task EventTypesAddedAfterTheOutbox_FlowThroughUnchanged()
    {
        await Subscribe();
        var from = await api.OpenWindow("tsk_bloodtest", fixture.Clock.InDays(11));
        var to = await api.OpenWindow("tsk_bloodtest", fixture.Clock.InDays(12));
        var patientId = await api.CreatePatient();
        var id = (await api.CreateAppointment(RequestBodies.Appointment(patientId, windowId: from))).AssertStatus(HttpStatusCode.Created).Json!["id"]!.GetValue<string>();
        var updated = (await api.Patch($"/v1/appointments/{id}", """{"note":"Side door"}""")).AssertStatus(HttpStatusCode.OK).Json!;
        var moved = (await api.Post($"/v1/appointments/{id}/reschedule", new { windowId = to })).AssertStatus(HttpStatusCode.OK).Json!;

        await receiver.WaitFor(_ => receiver.For(id).Count >= 4);

        var got = receiver.For(id);
        Assert.Equal(["appointment.created", "appointment.scheduled", "appointment.updated", "appointment.rescheduled"], got.Select(r => r.Type));
        Assert.True(JsonNode.DeepEquals(updated, got[2].Json["data"]!["appointment"]), got[2].Body);
        Assert.True(JsonNode.DeepEquals(moved, got[3].Json["data"]!["appointment"]), got[3].Body);
    }

    [Fact]
    public async Task AFailingReceiver_GetsTheSameWebhookIdUntilItSucceeds_AndLaterEventsWait()
    {
        var (endpointId, _) = await Subscribe();
        string? firstId = null;
        receiver.Respond = (webhookId, attempt) =>
        {
            firstId ??= webhookId;
            return webhookId == firstId && attempt <= 3 ? (500, TimeSpan.Zero) : (200, TimeSpan.Zero);
        };
        var id = await PatientLed();
        await api.Post($"/v1/appointments/{id}/cancel", RequestBodies.Cancellation());

        await receiver.WaitFor(_ => receiver.For(id).Count(r => r.Answered == 200) >= 2);

        var got = receiver.For(id);
        Assert.Equal([500, 500, 500, 200, 200], got.Select(r => r.Answered));
        Assert.Single(got.Take(4).Select(r => r.Id).Distinct());
        Assert.Equal(["appointment.created", "appointment.cancelled"], got.Where(r => r.Answered == 200).Select(r => r.Type));
        var delivery = (await Deliveries(endpointId, "?status=delivered"))["data"]!.AsArray().Single(d => d!["eventId"]!.GetValue<string>() == got[0].Id)!;
        Assert.Equal([500, 500, 500, 200], delivery["attempts"]!.AsArray().Select(a => a!["statusCode"]!.GetValue<int>()));
        Assert.Equal("http_500", delivery["attempts"]![0]!["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task OnlySubscribedTypes_AreSent()
    {
        await Subscribe(events: "appointment.cancelled");
        var id = await PatientLed();
        await api.Post($"/v1/appointments/{id}/cancel", RequestBodies.Cancellation());
        var control = await PatientLed();
        await api.Post($"/v1/appointments/{control}/cancel", RequestBodies.Cancellation());

        await receiver.WaitFor(_ => receiver.For(control).Count >= 1);

        Assert.Equal(["appointment.cancelled"], receiver.For(id).Select(r => r.Type));
    }

    [Fact]
    public async Task ARolledBackCommand_SendsNothing_TheCommittedOneExactlyOnce()
    {
        await Subscribe(events: "appointment.cancelled");
        var id = await PatientLed();

        // Racing cancels: both decide and stage their event and outbox row; one commits, the other's transaction rolls back.
        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => api.Post($"/v1/appointments/{id}/cancel", RequestBodies.Cancellation())));
        Assert.Single(responses, r => r.Status == HttpStatusCode.OK);
        Assert.All(responses.Where(r => r.Status != HttpStatusCode.OK), r => Assert.Equal(HttpStatusCode.Conflict, r.Status));

        await receiver.WaitFor(_ => receiver.For(id).Count >= 1);
        var control = await PatientLed();
        await api.Post($"/v1/appointments/{control}/cancel", RequestBodies.Cancellation());
        await receiver.WaitFor(_ => receiver.For(control).Count >= 1);

        Assert.Single(receiver.For(id));
    }

    [Fact]
    public async Task AnIdempotentRequest_SendsItsEventOnce()
    {
        await Subscribe(events: "appointment.created");
        var patientId = await api.CreatePatient();
        var key = Guid.NewGuid().ToString("N");

        HttpStatusCode[] statuses = [];
        string? id = null;
        foreach (var _ in Enumerable.Range(0, 2))
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/appointments")
            {
                Content = new StringContent(RequestBodies.Appointment(patientId).ToJsonString(), System.Text.Encoding.UTF8, "application/json"),
            };
            request.Headers.TryAddWithoutValidation("Authorization", $"Bearer {DemoKeys.DemoTest}");
            request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
            var response = await ApiResponse.From(await api.Http.SendAsync(request));
            statuses = [.. statuses, response.Status];
            id = response.Json!["id"]!.GetValue<string>();
        }

        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Created], statuses);
        await receiver.WaitFor(_ => receiver.For(id!).Count >= 1);
        var control = await PatientLed();
        await receiver.WaitFor(_ => receiver.For(control).Count >= 1);
        Assert.Single(receiver.For(id!));
    }

    [Fact]
    public async Task RotateSecret_SignsWithBothSecretsFor24Hours_ThenOnlyTheNewOne()
    {
        var (endpointId, oldSecret) = await Subscribe(events: "appointment.created");
        var newSecret = (await api.Post($"/v1/webhooks/endpoints/{endpointId}/rotate-secret", new { })).AssertStatus(HttpStatusCode.OK).Json!["secret"]!.GetValue<string>();
        receiver.Secrets = [oldSecret, newSecret];

        var during = await PatientLed();
        var first = (await receiver.WaitFor(_ => receiver.For(during).Count >= 1)).First(r => r.AppointmentId == during);
        Assert.Equal([true, true], first.VerifiedBySecret);
        Assert.Equal(2, first.Signature.Split(' ').Length);

        fixture.Clock.Advance(Duration.FromHours(24) + Duration.FromMinutes(1));
        var after = await PatientLed();
        var second = (await receiver.WaitFor(_ => receiver.For(after).Count >= 1)).First(r => r.AppointmentId == after);
        Assert.Equal([false, true], second.VerifiedBySecret);
        Assert.Single(second.Signature.Split(' '));
    }

    [Fact]
    public async Task TestEvent_IsSentSigned_AndManualRetrySendsItAgainWithTheSameId()
    {
        var (endpointId, _) = await Subscribe();
        var queued = (await api.Post($"/v1/webhooks/endpoints/{endpointId}/test", new { })).AssertStatus(HttpStatusCode.Accepted).Json!;
        var eventId = queued["eventId"]!.GetValue<string>();

        await receiver.WaitFor(r => r.Any(x => x.Id == eventId));
        var test = receiver.Received.Single(r => r.Id == eventId);
        Assert.Equal("webhook.test", test.Type);
        Assert.True(test.VerifiedBySecret.Single());

        await WaitUntil(async () => (await Deliveries(endpointId, "?status=delivered"))["data"]!.AsArray().Any(d => d!["eventId"]!.GetValue<string>() == eventId));
        (await api.Post($"/v1/webhooks/deliveries/{queued["id"]}/retry", new { })).AssertStatus(HttpStatusCode.Accepted);
        await receiver.WaitFor(r => r.Count(x => x.Id == eventId) >= 2);
        (await fixture.Client(DemoKeys.OtherTest).Post($"/v1/webhooks/deliveries/{queued["id"]}/retry", new { }))
            .AssertProblem(HttpStatusCode.NotFound, "webhook_delivery_not_found");
    }

    [Fact]
    public async Task AReceiverAnswering410_DisablesTheEndpoint()
    {
        var (endpointId, _) = await Subscribe();
        receiver.Respond = (_, _) => (410, TimeSpan.Zero);

        (await api.Post($"/v1/webhooks/endpoints/{endpointId}/test", new { })).AssertStatus(HttpStatusCode.Accepted);

        await WaitUntil(async () => !(await api.Get($"/v1/webhooks/endpoints/{endpointId}")).Json!["enabled"]!.GetValue<bool>());
        var delivery = (await Deliveries(endpointId))["data"]![0]!;
        Assert.Equal("failed", delivery["status"]!.GetValue<string>());
        Assert.Equal(410, delivery["attempts"]![0]!["statusCode"]!.GetValue<int>());
    }

    [Fact]
    public async Task AReceiverThatNeverSucceeds_IsDisabledAfterTheGiveUpHorizon_AndDisabledEndpointsGetNothing()
    {
        var (endpointId, _) = await Subscribe();
        receiver.Respond = (_, _) => (503, TimeSpan.Zero);
        (await api.Post($"/v1/webhooks/endpoints/{endpointId}/test", new { })).AssertStatus(HttpStatusCode.Accepted);
        await receiver.WaitFor(r => r.Count >= 1);

        // The failure streak began with that attempt; pretend it began more than 3 (scaled) days ago.
        await Sql(
            """
            insert into scheduling.webhook_endpoint_health (tenant_id, endpoint_id, failing_since) values ('org_demo:test', @id, now() - interval '1 hour')
            on conflict (tenant_id, endpoint_id) do update set failing_since = excluded.failing_since
            """,
            endpointId);
        await WaitUntil(async () => !(await api.Get($"/v1/webhooks/endpoints/{endpointId}")).Json!["enabled"]!.GetValue<bool>());

        var count = receiver.Received.Count;
        var id = await PatientLed();
        await Task.Delay(500);
        Assert.Empty(receiver.For(id));
        Assert.InRange(receiver.Received.Count, count, count + 1); // at most the attempt already in flight
    }

    [Fact]
    public async Task ALiveEndpointWhoseHostNowResolvesToLoopback_IsRefusedAtConnectTime_WithoutSending()
    {
        var live = fixture.Client(DemoKeys.DemoLive);
        (await live.Post("/v1/webhooks/endpoints", RequestBodies.WebhookEndpoint(receiver.Url.ToString())))
            .AssertProblem(HttpStatusCode.UnprocessableEntity, "invalid_webhook_url");

        // DNS rebinding, simulated: a registered public name (here, a stored URL) now leads to 127.0.0.1.
        var endpointId = "whe_rebinding" + Guid.NewGuid().ToString("N")[..8];
        await Sql(
            """
            insert into scheduling.mt_doc_webhookendpoint (id, tenant_id, data, mt_last_modified, mt_version, mt_dotnet_type)
            values (@id, 'org_demo:live', jsonb_build_object('id', @id, 'url', @url, 'events', '[]'::jsonb, 'enabled', true,
                'secrets', jsonb_build_array(jsonb_build_object('value', 'whsec_MDEyMzQ1Njc4OTAxMjM0NTY3ODkwMTIz', 'expiresAt', null)),
                'createdAt', '2030-01-08T09:00:00Z', 'updatedAt', '2030-01-08T09:00:00Z'), now(), gen_random_uuid(), 'Scheduling.Domain.Webhooks.WebhookEndpoint')
            """,
            endpointId,
            ("url", $"https://localhost:{receiver.Url.Port}/hooks"));
        try
        {
            var queued = (await live.Post($"/v1/webhooks/endpoints/{endpointId}/test", new { })).AssertStatus(HttpStatusCode.Accepted).Json!;
            await WaitUntil(async () => (await live.Get($"/v1/webhooks/endpoints/{endpointId}/deliveries")).Json!["data"]![0]!["attempts"]!.AsArray().Count > 0);

            var attempt = (await live.Get($"/v1/webhooks/endpoints/{endpointId}/deliveries")).Json!["data"]![0]!["attempts"]![0]!;
            Assert.Equal("refused_address", attempt["error"]!.GetValue<string>());
            Assert.DoesNotContain(receiver.Received, r => r.Id == queued["eventId"]!.GetValue<string>());
        }
        finally
        {
            await live.Send(HttpMethod.Delete, $"/v1/webhooks/endpoints/{endpointId}");
        }
    }

    [Fact]
    public async Task Logs_NameIdsAndStatusesOnly_NeverSecretsPayloadValuesOrQueryStrings()
    {
        var json = (await api.Post("/v1/webhooks/endpoints", RequestBodies.WebhookEndpoint(receiver.Url + "?token=querysecret123")))
            .AssertStatus(HttpStatusCode.Created).Json!;
        endpoints.Add(json["id"]!.GetValue<string>());
        var secret = json["secret"]!.GetValue<string>();
        var patientId = await api.CreatePatient();
        var body = RequestBodies.Appointment(patientId);
        body["note"] = "lognote-unique-7731";
        var id = (await api.CreateAppointment(body)).AssertStatus(HttpStatusCode.Created).Json!["id"]!.GetValue<string>();

        await receiver.WaitFor(_ => receiver.For(id).Count >= 1);
        await WaitUntil(() => Task.FromResult(fixture.Factory.Logs.Lines.Any(l => l.Contains(receiver.For(id)[0].Id, StringComparison.Ordinal))));

        var lines = fixture.Factory.Logs.Lines;
        Assert.Contains(lines, l => l.Contains(receiver.For(id)[0].Id, StringComparison.Ordinal) && l.Contains("200", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains(secret, StringComparison.Ordinal) || l.Contains(secret["whsec_".Length..], StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains("lognote-unique-7731", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains("querysecret123", StringComparison.Ordinal));
    }

    private static async Task WaitUntil(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The condition did not hold in time.");
            await Task.Delay(50);
        }
    }

    private async Task Sql(string sql, string id, params (string Name, object Value)[] more)
    {
        await using var connection = new NpgsqlConnection(fixture.Factory.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("id", id);
        foreach (var (name, value) in more)
        {
            command.Parameters.AddWithValue(name, value);
        }

        await command.ExecuteNonQueryAsync();
    }
}

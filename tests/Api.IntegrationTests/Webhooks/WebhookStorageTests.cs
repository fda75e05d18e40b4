using System.Net;
using Npgsql;
using Scheduling.Api.IntegrationTests.Infrastructure;
using Scheduling.Tests.Shared;

namespace Scheduling.Api.IntegrationTests.Webhooks;

/// <summary>
/// How deliveries are stored: one body per event in <c>webhook_event_bodies</c>, shared by its deliveries, and the
/// upgrade of a database whose delivery rows still hold their bodies inline.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class WebhookStorageTests(ApiFixture fixture) : IAsyncLifetime
{
    private const string Schema = "scheduling";
    private WebhookReceiver receiver = null!;

    public async Task InitializeAsync() => receiver = await WebhookReceiver.Start();

    public async Task DisposeAsync() => await receiver.DisposeAsync();

    [Fact]
    public async Task TwoEndpoints_ShareOneStoredBody_WhichGoesWithTheLastOfThem()
    {
        var api = fixture.Client();
        var first = await Subscribe(api);
        var second = await Subscribe(api);
        receiver.Secrets = [first.Secret, second.Secret];
        var patientId = await api.CreatePatient();
        var id = (await api.CreateAppointment(RequestBodies.Appointment(patientId))).AssertStatus(HttpStatusCode.Created).Json!["id"]!.GetValue<string>();

        await receiver.WaitFor(_ => receiver.For(id).Count >= 2);

        var got = receiver.For(id);
        Assert.Single(got.Select(r => r.Id).Distinct());
        Assert.All(got, r => Assert.Single(r.VerifiedBySecret, true));
        var connectionString = fixture.Factory.ConnectionString;
        Assert.Equal(2, await Scalar(connectionString, $"select count(*) from {Schema}.webhook_deliveries where subject_id = @s and body is null", ("s", id)));
        Assert.Equal(1, await Scalar(connectionString, $"select count(*) from {Schema}.webhook_event_bodies where subject_id = @s", ("s", id)));
        Assert.Equal(got[0].Body, await Text(connectionString, $"select body from {Schema}.webhook_event_bodies where subject_id = @s", ("s", id)));
        Assert.Equal(got[0].Body, got[1].Body);

        (await api.Send(HttpMethod.Delete, $"/v1/webhooks/endpoints/{first.Id}")).AssertStatus(HttpStatusCode.NoContent);
        Assert.Equal(1, await Scalar(connectionString, $"select count(*) from {Schema}.webhook_event_bodies where subject_id = @s", ("s", id)));
        (await api.Send(HttpMethod.Delete, $"/v1/webhooks/endpoints/{second.Id}")).AssertStatus(HttpStatusCode.NoContent);
        Assert.Equal(0, await Scalar(connectionString, $"select count(*) from {Schema}.webhook_event_bodies where subject_id = @s", ("s", id)));
        Assert.Equal(0, await Scalar(connectionString, $"select count(*) from {Schema}.webhook_deliveries where subject_id = @s", ("s", id)));
    }

    [Fact]
    public async Task ADatabaseWithInlineBodies_HasThemMovedAtStart_AndItsPendingDeliveriesSentUnchanged()
    {
        var connectionString = await TestDatabase.CreateSeparateAsync();
        string appointmentId;
        string eventId;

        // The service queues a delivery without sending it (its dispatcher is off)...
        using (var before = new SchedulingApiFactory(connectionString, new Dictionary<string, string> { ["Scheduling__Webhooks__DispatcherEnabled"] = "false" }))
        {
            var api = new ApiClient(before.CreateClient(), DemoKeys.DemoTest);
            receiver.Secrets = [(await Subscribe(api)).Secret];
            appointmentId = (await api.CreateAppointment(RequestBodies.Appointment(await api.CreatePatient()))).AssertStatus(HttpStatusCode.Created).Json!["id"]!.GetValue<string>();
            eventId = await Text(connectionString, $"select event_id from {Schema}.webhook_deliveries where subject_id = @s", ("s", appointmentId));
        }

        // ...and the database is put back into the earlier shape: the body inline in the delivery row, not null.
        var body = await Text(connectionString, $"select body from {Schema}.webhook_event_bodies where event_id = @e", ("e", eventId));
        await Scalar(
            connectionString,
            $"""
            update {Schema}.webhook_deliveries d set body = b.body, trace_parent = b.trace_parent
            from {Schema}.webhook_event_bodies b where b.tenant_id = d.tenant_id and b.subject_id = d.subject_id and b.event_id = d.event_id;
            drop table {Schema}.webhook_event_bodies;
            alter table {Schema}.webhook_deliveries alter column body set not null, reset (fillfactor);
            select 0
            """);

        using var after = new SchedulingApiFactory(connectionString);
        _ = after.Server; // starts the host: the tables are migrated at start-up
        Assert.Equal(0, await Scalar(connectionString, $"select count(*) from {Schema}.webhook_deliveries where body is not null"));
        Assert.Equal("YES", await Text(connectionString, $"select is_nullable from information_schema.columns where table_schema = '{Schema}' and table_name = 'webhook_deliveries' and column_name = 'body'"));
        Assert.Equal(body, await Text(connectionString, $"select body from {Schema}.webhook_event_bodies where event_id = @e", ("e", eventId)));

        await receiver.WaitFor(r => r.Any(x => x.Id == eventId));
        var sent = receiver.Received.Single(r => r.Id == eventId);
        Assert.Equal(body, sent.Body);
        Assert.Single(sent.VerifiedBySecret, true);

        // A row an instance of the earlier version writes during a rolling upgrade (body inline) is sent as well.
        await Scalar(
            connectionString,
            $"""
            insert into {Schema}.webhook_deliveries (id, tenant_id, endpoint_id, event_id, event_type, subject_id, sequence, body)
            select 'whd_' || md5(random()::text), tenant_id, endpoint_id, 'evt_' || md5(random()::text), event_type, 'apt_inline', 1, @body
            from {Schema}.webhook_deliveries where event_id = @e;
            select 0
            """,
            ("e", eventId),
            ("body", body));
        await receiver.WaitFor(r => r.Any(x => x.Id != eventId && x.Body == body));
        Assert.True(receiver.Received.Single(x => x.Id != eventId && x.Body == body).VerifiedBySecret.Single());
    }

    private async Task<(string Id, string Secret)> Subscribe(ApiClient api)
    {
        var json = (await api.Post("/v1/webhooks/endpoints", RequestBodies.WebhookEndpoint(receiver.Url.ToString(), []))).AssertStatus(HttpStatusCode.Created).Json!;
        return (json["id"]!.GetValue<string>(), json["secret"]!.GetValue<string>());
    }

    private static async Task<long> Scalar(string connectionString, string sql, params (string Name, object Value)[] parameters) =>
        Convert.ToInt64(await Execute(connectionString, sql, parameters), System.Globalization.CultureInfo.InvariantCulture);

    private static async Task<string> Text(string connectionString, string sql, params (string Name, object Value)[] parameters) =>
        (string)(await Execute(connectionString, sql, parameters))!;

    private static async Task<object?> Execute(string connectionString, string sql, (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return await command.ExecuteScalarAsync();
    }
}

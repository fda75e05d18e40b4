using System.Net;
using System.Text.Json.Nodes;
using NodaTime;
using Npgsql;
using Scheduling.Api.IntegrationTests.Infrastructure;

namespace Scheduling.Api.IntegrationTests.Audit;

/// <summary>GET /v1/events: the tenant's events in commit order, each exactly once across resumed cursors.</summary>
[Collection(ApiCollection.Name)]
public sealed class EventFeedTests(ApiFixture fixture)
{
    private readonly ApiClient api = fixture.Client();

    // Older sequence gaps (rolled-back appends of other tests) are settled once the service clock has moved on.
    private void SettleGaps() => fixture.Clock.Advance(Duration.FromSeconds(31));

    private static async Task<string> Tail(ApiClient client, string query = "")
    {
        var cursor = (string?)null;
        while (true)
        {
            var page = (await client.Get($"/v1/events?limit=1000{query}{(cursor is null ? string.Empty : $"&cursor={cursor}")}")).AssertStatus(HttpStatusCode.OK).Json!;
            cursor = page["nextCursor"]!.GetValue<string>();
            if (!page["hasMore"]!.GetValue<bool>())
            {
                return cursor;
            }
        }
    }

    private static async Task<List<JsonNode>> Walk(ApiClient client, string cursor, string query)
    {
        var seen = new List<JsonNode>();
        while (true)
        {
            var page = (await client.Get($"/v1/events?limit=1{query}&cursor={cursor}")).AssertStatus(HttpStatusCode.OK).Json!;
            seen.AddRange(page["data"]!.AsArray().Select(e => e!));
            cursor = page["nextCursor"]!.GetValue<string>();
            if (!page["hasMore"]!.GetValue<bool>())
            {
                return seen;
            }
        }
    }

    [Fact]
    public async Task ResumingFromTheLastCursor_SeesEveryNewEventOnceInOrder_AndNoOtherTenants()
    {
        SettleGaps();
        var tail = await Tail(api);
        var otherTail = await Tail(fixture.Client(DemoKeys.OtherTest));
        var patientId = await api.CreatePatient();
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((await api.CreateAppointment(RequestBodies.Appointment(patientId))).AssertStatus(HttpStatusCode.Created).Json!["id"]!.GetValue<string>());
        }

        (await api.Patch($"/v1/appointments/{ids[1]}", """{"note":"feed"}""")).AssertStatus(HttpStatusCode.OK);
        SettleGaps();

        var created = await Walk(api, tail, "&type=appointment.created");
        Assert.Equal(ids, created.Select(e => e["streamId"]!.GetValue<string>()));
        Assert.All(created, e => Assert.Equal("api_key", e["actor"]!["kind"]!.GetValue<string>()));
        var everything = await Walk(api, tail, string.Empty);
        Assert.Equal(
            [.. ids.Select(id => (id, "appointment.created")), (ids[1], "appointment.updated")],
            everything.Where(e => e["streamId"]!.GetValue<string>().StartsWith("apt_", StringComparison.Ordinal))
                .Select(e => (e["streamId"]!.GetValue<string>(), e["type"]!.GetValue<string>())));
        Assert.Equal(everything.Count, everything.Select(e => e["id"]!.GetValue<string>()).Distinct().Count());
        Assert.Equal("feed", everything.Last()["data"]!["changes"]!["note"]!.GetValue<string>());

        var others = await Walk(fixture.Client(DemoKeys.OtherTest), otherTail, string.Empty);
        Assert.DoesNotContain(others, e => ids.Contains(e["streamId"]!.GetValue<string>()));
    }

    [Fact]
    public async Task AnUncommittedSequenceNumber_HoldsTheFeedBackUntilItSettles()
    {
        SettleGaps();
        var tail = await Tail(api);
        await using (var connection = new NpgsqlConnection(fixture.Factory.ConnectionString))
        {
            await connection.OpenAsync();
            await using var take = new NpgsqlCommand("select nextval('scheduling.mt_events_sequence')", connection);
            await take.ExecuteScalarAsync(); // as a transaction that has not committed yet would
        }

        var patientId = await api.CreatePatient();
        var id = (await api.CreateAppointment(RequestBodies.Appointment(patientId))).AssertStatus(HttpStatusCode.Created).Json!["id"]!.GetValue<string>();

        Assert.DoesNotContain(await Walk(api, tail, string.Empty), e => e["streamId"]!.GetValue<string>() == id);
        SettleGaps();
        Assert.Contains(await Walk(api, tail, string.Empty), e => e["streamId"]!.GetValue<string>() == id);
    }

    [Theory]
    [InlineData("type=Appointment Created", "type")]
    [InlineData("from=yesterday", "from")]
    [InlineData("to=2030-01-01T00:00:00", "to")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=1001", "limit")]
    [InlineData("cursor=abc", "cursor")]
    public async Task MalformedParameters_Are400NamingThem(string query, string field)
    {
        (await api.Get($"/v1/events?{query}")).AssertFieldError(field);
    }

    [Fact]
    public async Task FromAndTo_TakeEveryRfc3339Offset_UpTo2359()
    {
        // RFC 3339 offsets run to ±23:59 (the fuzzer sent +18:56, past NodaTime's ±18:00, and got a 400).
        var all = await api.Get("/v1/events?from=2000-01-01T00:00:00%2B23:59&to=2999-01-01t00:00:00-23:59&limit=1");
        all.AssertStatus(System.Net.HttpStatusCode.OK);
        Assert.Single(all.Json!["data"]!.AsArray());
        var none = await api.Get("/v1/events?from=2999-01-01T00:00:00%2B18:56&limit=1");
        none.AssertStatus(System.Net.HttpStatusCode.OK);
        Assert.Empty(none.Json!["data"]!.AsArray());
    }

    [Fact]
    public async Task NdJson_StreamsAHundredThousandEvents_WithFlatMemory()
    {
        const int streams = 100, perStream = 1000;
        const string tenant = "org_demo:live";
        var note = new string('x', 400);
        await using var connection = new NpgsqlConnection(fixture.Factory.ConnectionString);
        await connection.OpenAsync();
        await using (var seed = new NpgsqlCommand(
            $"""
            insert into scheduling.mt_streams (tenant_id, id, type, version, timestamp, created)
              select '{tenant}', 'apt_feedload' || s, 'appointment', {perStream}, now(), now() from generate_series(1, {streams}) s;
            insert into scheduling.mt_events (seq_id, id, stream_id, version, data, type, timestamp, tenant_id, mt_dotnet_type)
              select nextval('scheduling.mt_events_sequence'), gen_random_uuid(), 'apt_feedload' || (g / {perStream} + 1), g % {perStream} + 1,
                     jsonb_build_object('note', '{note}', 'n', g), 'feed.load', now(), '{tenant}', 'FeedLoad'
              from generate_series(0, {(streams * perStream) - 1}) g;
            """,
            connection))
        {
            seed.CommandTimeout = 300;
            await seed.ExecuteNonQueryAsync();
        }

        try
        {
            SettleGaps();
            using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/events?type=feed.load");
            request.Headers.TryAddWithoutValidation("Authorization", DemoKeys.DemoLive);
            request.Headers.TryAddWithoutValidation("Accept", "application/x-ndjson");
            using var response = await api.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("application/x-ndjson", response.Content.Headers.ContentType?.MediaType);

            var baseline = GC.GetTotalMemory(forceFullCollection: true);
            long peak = 0, bytes = 0, lines = 0, expected = 0;
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
            while (await reader.ReadLineAsync() is { } line)
            {
                var e = JsonNode.Parse(line)!;
                Assert.Equal(expected++, e["data"]!["n"]!.GetValue<long>()); // in commit order, none missing
                bytes += line.Length;
                if (++lines % 10_000 == 0)
                {
                    peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: true) - baseline);
                }
            }

            Assert.Equal(streams * perStream, lines);
            Assert.True(bytes > 40_000_000, $"only {bytes} bytes streamed");
            Assert.True(peak < 16_000_000, $"live heap grew by {peak:N0} bytes while streaming {bytes:N0}");
        }
        finally
        {
            await using var cleanup = new NpgsqlCommand(
                $"delete from scheduling.mt_events where tenant_id = '{tenant}' and type = 'feed.load'; delete from scheduling.mt_streams where tenant_id = '{tenant}' and id like 'apt_feedload%';",
                connection);
            await cleanup.ExecuteNonQueryAsync();
        }
    }
}

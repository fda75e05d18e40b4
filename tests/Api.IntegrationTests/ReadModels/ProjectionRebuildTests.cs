using System.Net;
using System.Text.Json.Nodes;
using Npgsql;
using Scheduling.Api.IntegrationTests.Infrastructure;
using Scheduling.Tests.Shared;

namespace Scheduling.Api.IntegrationTests.ReadModels;

/// <summary>
/// The documented rebuild commands reproduce every read model from the event store alone: the bulk
/// <c>rebuild-read-models</c> (docs/queries.md) and Marten's own <c>projections rebuild</c>.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ProjectionRebuildTests(ApiFixture fixture)
{
    private const string Details = "scheduling.mt_doc_appointmentdetails";

    private static JsonObject CancelBody() => RequestBodies.Cancellation("provider", "provider", "practitioner_sick");

    [Theory]
    [InlineData("rebuild-read-models")]
    [InlineData("projections rebuild")]
    public async Task RebuildCommand_ReproducesTheLiveDocuments(string rebuildCommand)
    {
        foreach (var key in new[] { DemoKeys.DemoTest, DemoKeys.DemoLive, DemoKeys.OtherTest })
        {
            await SeedEveryStatus(fixture.Client(key));
        }

        var live = await Snapshot();
        Assert.Contains(live, row => row.Key.Contains("appointmentdetails", StringComparison.Ordinal));

        // Damage the read models so an unchanged snapshot cannot pass by accident.
        await Execute("update scheduling.mt_doc_appointmentdetails set data = jsonb_set(data, '{status}', '\"completed\"')");
        await Execute("delete from scheduling.mt_doc_availabilitywindow");

        var (exitCode, output) = await RunRebuildCommand(rebuildCommand);

        Assert.True(exitCode == 0, $"rebuild exited {exitCode}:\n{output}");
        AssertSameDocuments(live, await Snapshot());
    }

    /// <summary>
    /// While the service runs: readers keep answering from the old documents during the bulk rebuild, a write waits
    /// for the swap instead of landing in the table being replaced (and being lost), and afterwards the service
    /// reads and writes the swapped-in table on its pooled connections.
    /// </summary>
    [Fact]
    public async Task BulkRebuild_WhileServing_ReadsCarryOnAndAWriteWaitsForTheSwap()
    {
        var api = fixture.Client(DemoKeys.DemoTest);
        var patientId = await api.CreatePatient();
        var existing = (await api.CreateAppointment(RequestBodies.Appointment(patientId))).AssertStatus(HttpStatusCode.Created).Body;
        var existingId = JsonNode.Parse(existing)!["id"]!.GetValue<string>();
        var live = await Snapshot();

        // Park the rebuild at a known point after it has locked out writers: its first step on the fresh table
        // ("drop table if exists …_rb") waits for this transaction's lock.
        await using var blocker = new NpgsqlConnection(fixture.Factory.ConnectionString);
        await blocker.OpenAsync();
        await using (var create = new NpgsqlCommand($"drop table if exists {Details}_rb; create table {Details}_rb (id text)", blocker))
        {
            await create.ExecuteNonQueryAsync();
        }

        var held = await blocker.BeginTransactionAsync();
        await using (var lockFresh = new NpgsqlCommand($"lock table {Details}_rb in access share mode", blocker, held))
        {
            await lockFresh.ExecuteNonQueryAsync();
        }

        var rebuild = RunRebuildCommand("rebuild-read-models");
        await WaitUntil(async () => await Scalar<long>(
            $"select count(*) from pg_stat_activity where wait_event_type = 'Lock' and query like 'drop table if exists {Details}_rb%'") == 1, rebuild);

        // Readers carry on from the old documents.
        var during = (await api.Get($"/v1/appointments/{existingId}")).AssertStatus(HttpStatusCode.OK);
        Assert.Equal(JsonNode.Parse(existing)!.ToJsonString(), during.Json!.ToJsonString());

        // A write waits (its document write needs the table the rebuild holds) ...
        var write = api.CreateAppointment(RequestBodies.Appointment(patientId));
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.False(write.IsCompleted, "a write completed while the rebuild held the read model");

        // ... until the rebuild has swapped the fresh table in; then it lands in the rebuilt table.
        await held.RollbackAsync();
        var (exitCode, output) = await rebuild;
        Assert.True(exitCode == 0, $"rebuild exited {exitCode}:\n{output}");
        var created = (await write).AssertStatus(HttpStatusCode.Created);
        var createdId = created.Json!["id"]!.GetValue<string>();
        Assert.Equal(created.Json.ToJsonString(), (await api.Get($"/v1/appointments/{createdId}")).AssertStatus(HttpStatusCode.OK).Json!.ToJsonString());
        Assert.Equal(0L, await Scalar<long>($"select count(*) from pg_class where relname like '%\\_rb' and relnamespace = 'scheduling'::regnamespace"));

        // Every document from before is unchanged, and the service writes the swapped-in table.
        var after = await Snapshot();
        AssertSameDocuments(live, after.Where(row => !row.Key.Contains(createdId, StringComparison.Ordinal)).ToDictionary());
        (await api.Post($"/v1/appointments/{existingId}/cancel", CancelBody())).AssertStatus(HttpStatusCode.OK);
        Assert.Equal("cancelled", (await api.Get($"/v1/appointments/{existingId}")).AssertStatus(HttpStatusCode.OK).Json!["status"]!.GetValue<string>());
    }

    private static void AssertSameDocuments(Dictionary<string, string> live, Dictionary<string, string> rebuilt)
    {
        Assert.Equal(live.Count, rebuilt.Count);
        foreach (var (key, row) in live)
        {
            Assert.True(rebuilt.TryGetValue(key, out var again), $"{key} missing after rebuild");
            Assert.Equal(row, again);
        }
    }

    private static async Task WaitUntil(Func<Task<bool>> condition, Task<(int ExitCode, string Output)> rebuild)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (!await condition())
        {
            if (rebuild.IsCompleted)
            {
                var (exitCode, output) = await rebuild;
                Assert.Fail($"the rebuild ended ({exitCode}) before it reached the parked step:\n{output}");
            }

            Assert.True(DateTime.UtcNow < deadline, "the rebuild never reached the parked step");
            await Task.Delay(50);
        }
    }

    private async Task<T> Scalar<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(fixture.Factory.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    private async Task SeedEveryStatus(ApiClient api)
    {
        var patientId = await api.CreatePatient();
        var windowId = await api.OpenWindow("tsk_bloodtest", fixture.Clock.InDays(21), capacity: 20);
        var otherWindowId = await api.OpenWindow("tsk_bloodtest", fixture.Clock.InDays(22), capacity: 20);
        for (var i = 0; i < 6; i++)
        {
            var patientLed = (await api.CreateAppointment(RequestBodies.Appointment(patientId))).AssertStatus(HttpStatusCode.Created).Json!["id"]!.GetValue<string>();
            var chosen = (await api.CreateAppointment(RequestBodies.Appointment(patientId, windowId: windowId))).AssertStatus(HttpStatusCode.Created).Json!["id"]!.GetValue<string>();
            switch (i)
            {
                case 1:
                    (await api.Post($"/v1/appointments/{patientLed}/schedule", new { windowId })).AssertStatus(HttpStatusCode.OK);
                    break;
                case 2:
                    (await api.Post($"/v1/appointments/{chosen}/cancel", CancelBody())).AssertStatus(HttpStatusCode.OK);
                    (await api.Post($"/v1/appointments/{patientLed}/cancel", CancelBody())).AssertStatus(HttpStatusCode.OK);
                    break;
                case 3:
                    (await api.Send(HttpMethod.Post, $"/v1/appointments/{chosen}/complete")).AssertStatus(HttpStatusCode.OK);
                    break;
                case 4:
                    // Every later event type: updated (with a cleared field), rescheduled, completed with results.
                    (await api.Patch($"/v1/appointments/{patientLed}", """{"note":"Side door","metadata":{"k":[1,2.50]},"externalRef":null}""")).AssertStatus(HttpStatusCode.OK);
                    (await api.Post($"/v1/appointments/{chosen}/reschedule", new { windowId = otherWindowId })).AssertStatus(HttpStatusCode.OK);
                    (await api.PostRaw($"/v1/appointments/{chosen}/complete", """{"data":{"bp":{"sys":112}},"note":"ok"}""")).AssertStatus(HttpStatusCode.OK);
                    break;
                case 5:
                    var started = await api.OpenWindow("tsk_bloodtest", fixture.Clock.FromNow(NodaTime.Duration.FromMinutes(30)));
                    var missed = (await api.CreateAppointment(RequestBodies.Appointment(patientId, windowId: started))).AssertStatus(HttpStatusCode.Created).Json!["id"]!.GetValue<string>();
                    fixture.Clock.Advance(NodaTime.Duration.FromHours(1));
                    (await api.Send(HttpMethod.Post, $"/v1/appointments/{missed}/no-show")).AssertStatus(HttpStatusCode.OK);
                    break;
            }
        }
    }

    // QueryPlanTests' synthetic rows have no events behind them, so a rebuild rightly drops them: they are left out.
    // Every column a rebuild writes is compared (mt_last_modified is the time of the write, so it is not).
    private async Task<Dictionary<string, string>> Snapshot()
    {
        var rows = new Dictionary<string, string>(StringComparer.Ordinal);
        await using var connection = new NpgsqlConnection(fixture.Factory.ConnectionString);
        await connection.OpenAsync();
        foreach (var table in new[] { "mt_doc_appointmentdetails", "mt_doc_availabilitywindow" })
        {
            await using var command = new NpgsqlCommand($"select tenant_id, id, data::text || ' ' || mt_version || ' ' || coalesce(mt_dotnet_type, 'null') from scheduling.{table} where tenant_id <> '{QueryPlanTests.Tenant}'", connection);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                rows[$"{table}/{reader.GetString(0)}/{reader.GetString(1)}"] = reader.GetString(2);
            }
        }

        return rows;
    }

    private async Task Execute(string sql)
    {
        await using var connection = new NpgsqlConnection(fixture.Factory.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private Task<(int ExitCode, string Output)> RunRebuildCommand(string rebuildCommand) =>
        RunRebuildCommand(fixture.Factory.ConnectionString, rebuildCommand);

    /// <summary>Runs exactly what docs/queries.md documents: the service's own executable with the rebuild command.</summary>
    internal static Task<(int ExitCode, string Output)> RunRebuildCommand(string connectionString, string rebuildCommand)
    {
        var api = typeof(Program).Assembly.Location;
        return ExternalProcess.Run(
            "dotnet",
            [api, .. rebuildCommand.Split(' ')],
            Path.GetDirectoryName(api)!,
            new Dictionary<string, string> { ["ConnectionStrings__Scheduling"] = connectionString },
            TimeSpan.FromMinutes(3));
    }
}

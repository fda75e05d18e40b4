using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Npgsql;
using Scheduling.Api.IntegrationTests.Infrastructure;

namespace Scheduling.Api.IntegrationTests.ReadModels;

/// <summary>The documented rebuild command reproduces every read model from the event store alone.</summary>
[Collection(ApiCollection.Name)]
public sealed class ProjectionRebuildTests(ApiFixture fixture)
{
    private static JsonObject CancelBody() => RequestBodies.Cancellation("provider", "provider", "practitioner_sick");

    [Fact]
    public async Task RebuildCommand_ReproducesTheLiveDocuments()
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

        var (exitCode, output) = await RunRebuildCommand();

        Assert.True(exitCode == 0, $"rebuild exited {exitCode}:\n{output}");
        var rebuilt = await Snapshot();
        Assert.Equal(live.Count, rebuilt.Count);
        foreach (var (key, data) in live)
        {
            Assert.True(rebuilt.TryGetValue(key, out var again), $"{key} missing after rebuild");
            Assert.Equal(data, again);
        }
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
    private async Task<Dictionary<string, string>> Snapshot()
    {
        var rows = new Dictionary<string, string>(StringComparer.Ordinal);
        await using var connection = new NpgsqlConnection(fixture.Factory.ConnectionString);
        await connection.OpenAsync();
        foreach (var table in new[] { "mt_doc_appointmentdetails", "mt_doc_availabilitywindow" })
        {
            await using var command = new NpgsqlCommand($"select tenant_id, id, data::text from scheduling.{table} where tenant_id <> '{QueryPlanTests.Tenant}'", connection);
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

    private Task<(int ExitCode, string Output)> RunRebuildCommand() => RunRebuildCommand(fixture.Factory.ConnectionString);

    /// <summary>Runs exactly what the README documents: the service's own executable with "projections rebuild".</summary>
    internal static async Task<(int ExitCode, string Output)> RunRebuildCommand(string connectionString)
    {
        var api = typeof(Program).Assembly.Location;
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(api)!,
        };
        start.ArgumentList.Add(api);
        start.ArgumentList.Add("projections");
        start.ArgumentList.Add("rebuild");
        start.Environment["ConnectionStrings__Scheduling"] = connectionString;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}

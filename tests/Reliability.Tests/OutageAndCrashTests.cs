using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Scheduling.Reliability.Tests.Infrastructure;

namespace Scheduling.Reliability.Tests;

/// <summary>The database going away and the service being killed: nothing acknowledged is lost, nothing is half-written.</summary>
public sealed class OutageAndCrashTests : ClusterTest
{
    private sealed record Outcome(string ExternalRef, HttpStatusCode Status, string? ContentType, TimeSpan Elapsed, string Body);

    /// <summary>Workers create appointments (one in five choose-a-time, spread over the windows) with unique references until stopped.</summary>
    private static async Task<List<Outcome>> Load(Http http, string patientId, List<string> windows, CancellationToken stop, int workers = 6)
    {
        var outcomes = new ConcurrentBag<Outcome>();
        var tasks = Enumerable.Range(0, workers).Select(async worker =>
        {
            for (var i = 0; !stop.IsCancellationRequested && i < 10_000; i++)
            {
                var reference = $"load-{worker}-{i}-{Guid.NewGuid():N}";
                var started = Stopwatch.GetTimestamp();
                var reply = await http.Post("/v1/appointments", Http.Appointment(patientId, i % 5 == 0 ? windows[(worker + i) % windows.Count] : null, reference));
                outcomes.Add(new Outcome(reference, reply.Status, reply.ContentType, Stopwatch.GetElapsedTime(started), reply.Body));
                if (reply.Status != HttpStatusCode.Created)
                {
                    await Task.Delay(50, CancellationToken.None);
                }
            }
        });
        await Task.WhenAll(tasks);
        return [.. outcomes];
    }

    private static async Task<List<string>> Windows(Http http)
    {
        var windows = new List<string>();
        for (var i = 0; i < 12; i++)
        {
            windows.Add(await http.Window(capacity: 100));
        }

        return windows;
    }

    private async Task AssertEveryAcknowledgedAppointmentIsStored(IEnumerable<Outcome> outcomes)
    {
        var acknowledged = outcomes.Where(o => o.Status == HttpStatusCode.Created).Select(o => o.ExternalRef).ToArray();
        Assert.NotEmpty(acknowledged);
        var stored = await Store.Scalar(
            "select count(*) from scheduling.mt_doc_appointmentdetails where data ->> 'externalRef' = any(@refs)", ("refs", acknowledged));
        Assert.Equal(acknowledged.Length, stored);
    }

    [Fact]
    public async Task DatabaseOutage_Gives503sQuickly_ThenTheSameProcessRecovers()
    {
        var service = await StartService();
        using var http = new Http(service.BaseAddress);
        var patientId = await http.Patient();
        var windows = await Windows(http);

        using var stop = new CancellationTokenSource();
        var load = Load(http, patientId, windows, stop.Token);
        await Task.Delay(1500);
        var outageStarted = DateTime.UtcNow;
        await Cluster.Stop();
        await Task.Delay(4000);

        var ready = await http.Get("/health/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.Status);
        Assert.Equal("application/problem+json", ready.ContentType);

        await Cluster.Restart();
        var outageEnded = DateTime.UtcNow;
        var recovered = false;
        for (var attempt = 0; attempt < 60 && !recovered; attempt++)
        {
            recovered = (await http.Get("/health/ready")).Status == HttpStatusCode.OK;
            if (!recovered)
            {
                await Task.Delay(500);
            }
        }

        Assert.True(recovered, "the same process never served again after the database came back");
        await Task.Delay(1500);
        await stop.CancelAsync();
        var outcomes = await load;

        var failures = outcomes.Where(o => o.Status != HttpStatusCode.Created).ToList();
        Assert.NotEmpty(failures);
        Assert.All(failures, f =>
        {
            Assert.True(f.Status == HttpStatusCode.ServiceUnavailable, $"{(int)f.Status}: {f.Body}");
            Assert.Equal("application/problem+json", f.ContentType);
            Assert.DoesNotContain("Host=", f.Body, StringComparison.Ordinal);
            Assert.True(f.Elapsed < TimeSpan.FromSeconds(20), $"a request hung for {f.Elapsed}");
        });
        Assert.Contains(outcomes, o => o.Status == HttpStatusCode.Created && o.Elapsed > TimeSpan.Zero);
        Assert.True(outageEnded > outageStarted);

        // After recovery the service creates again, and the store is whole.
        Assert.Equal(HttpStatusCode.Created, (await http.Post("/v1/appointments", Http.Appointment(patientId, null, "after-outage"))).Status);
        await AssertEveryAcknowledgedAppointmentIsStored(outcomes);
        await Store.AssertStreamsAndReadModelsAgree();
        await Store.AssertWindowsConsistent();
    }

    [Fact]
    public async Task ServiceKilledUnderLoad_LosesNothingAcknowledged_AndARebuildReproducesTheReadModels()
    {
        var service = await StartService();
        var port = service.Port;
        List<Outcome> outcomes;
        string patientId;
        using (var http = new Http(service.BaseAddress))
        {
            patientId = await http.Patient();
            var windows = await Windows(http);
            using var stop = new CancellationTokenSource();
            var load = Load(http, patientId, windows, stop.Token);
            await Task.Delay(2500);
            service.Kill(); // SIGKILL mid-flight
            await Task.Delay(300);
            await stop.CancelAsync();
            outcomes = await load;
        }

        var restarted = await StartService(port);
        using var again = new Http(restarted.BaseAddress);
        Assert.Equal(HttpStatusCode.Created, (await again.Post("/v1/appointments", Http.Appointment(patientId, null, "after-crash"))).Status);

        await AssertEveryAcknowledgedAppointmentIsStored(outcomes);
        await Store.AssertStreamsAndReadModelsAgree();
        await Store.AssertWindowsConsistent();

        var live = await Store.Rows("select tenant_id, id, data::text from scheduling.mt_doc_appointmentdetails union all select tenant_id, id, data::text from scheduling.mt_doc_availabilitywindow order by 1, 2");
        await RunRebuild();
        var rebuilt = await Store.Rows("select tenant_id, id, data::text from scheduling.mt_doc_appointmentdetails union all select tenant_id, id, data::text from scheduling.mt_doc_availabilitywindow order by 1, 2");
        Assert.Equal(live.Count, rebuilt.Count);
        Assert.Equal(live.Select(r => string.Join('|', r)), rebuilt.Select(r => string.Join('|', r)));
    }

    private async Task RunRebuild()
    {
        var api = typeof(Program).Assembly.Location;
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetDirectoryName(api)! };
        start.ArgumentList.Add(api);
        start.ArgumentList.Add("projections");
        start.ArgumentList.Add("rebuild");
        start.Environment["ConnectionStrings__Scheduling"] = Cluster.ConnectionString;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, await output + await errors);
    }
}

using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Scheduling.Reliability.Tests.Infrastructure;
using Scheduling.Tests.Shared;
using StandardWebhooks;
using StandardWebhooks.Diagnostics;

namespace Scheduling.Reliability.Tests;

/// <summary>
/// Webhook delivery with real service processes, a real PostgreSQL cluster and a real receiver on 127.0.0.1: a
/// receiver that fails, times out or is down, a service killed mid-send, the database stopped while sending, two
/// instances sharing the work, a secret rotated while deliveries retry. The retry schedule runs 500× faster
/// (BackoffScale 0.002); the rotation test also shrinks the 24 h overlap (RotationOverlapScale).
/// </summary>
public sealed class WebhookReliabilityTests : ClusterTest
{
    private static readonly Dictionary<string, string> Fast = new()
    {
        ["Scheduling__Webhooks__BackoffScale"] = "0.002",
        ["Scheduling__Webhooks__PollMilliseconds"] = "50",
        ["Scheduling__Webhooks__RequestTimeoutSeconds"] = "1",
        ["Scheduling__Webhooks__LeaseSeconds"] = "1",
    };

    private static readonly string[] CreatedOnly = ["appointment.created"];

    private readonly List<WebhookReceiver> receivers = [];

    private async Task<WebhookReceiver> Receiver(int port = 0)
    {
        var receiver = await WebhookReceiver.Start(port);
        receivers.Add(receiver);
        return receiver;
    }

    private static async Task Subscribe(Http http, WebhookReceiver receiver)
    {
        var reply = await http.Post("/v1/webhooks/endpoints", new { url = receiver.Url.ToString() });
        Assert.True(reply.Status == HttpStatusCode.Created, reply.Body);
        receiver.Secrets = [reply.Json!["secret"]!.GetValue<string>()];
    }

    private static async Task<string> Appointment(Http http, string patientId)
    {
        var reply = await http.Post("/v1/appointments", Http.Appointment(patientId, null, $"wh-{Guid.NewGuid():N}"));
        Assert.True(reply.Status == HttpStatusCode.Created, reply.Body);
        return reply.Id;
    }

    private static async Task Until(Func<bool> condition, int seconds, Func<string> describe)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, describe());
            await Task.Delay(50);
        }
    }

    private static IEnumerable<ReceivedWebhook> All(IEnumerable<WebhookReceiver> receivers) => receivers.SelectMany(r => r.Received);

    /// <summary>Each event: every request carried the body's own id, all signatures verify, exactly one was answered 2xx.</summary>
    private static void AssertDeliveredExactlyOnce(IEnumerable<ReceivedWebhook> received, IEnumerable<string> appointmentIds)
    {
        var all = received.ToList();
        foreach (var appointmentId in appointmentIds)
        {
            var mine = all.Where(r => r.AppointmentId == appointmentId).ToList();
            Assert.NotEmpty(mine);
            Assert.All(mine, r => Assert.Equal(r.Id, r.Json["id"]!.GetValue<string>()));
            Assert.All(mine, r => Assert.True(r.VerifiedBySecret.Single(), $"signature of {r.Id}"));
            Assert.All(mine.GroupBy(r => r.Id), g => Assert.Equal(1, g.Count(r => r.Answered == 200)));
        }
    }

    public override async Task DisposeAsync()
    {
        foreach (var receiver in receivers)
        {
            await receiver.DisposeAsync();
        }

        await base.DisposeAsync();
    }

    [Fact]
    public async Task AReceiverThatFailsTimesOutOrIsDown_GetsEachEventOnceAfterRecovery_WithTheSameId_InOrder()
    {
        var port = FreePort();
        var first = await Receiver(port);
        var service = await StartService(environment: Fast);
        using var http = new Http(service.BaseAddress);
        await Subscribe(http, first);
        var patientId = await http.Patient();

        // 500 twice, then a 2 s answer (the sender gives up after 1 s), then success.
        first.Respond = (_, attempt) => attempt switch { <= 2 => (500, TimeSpan.Zero), 3 => (200, TimeSpan.FromSeconds(2)), _ => (200, TimeSpan.Zero) };
        var failing = await Appointment(http, patientId);
        var cancel = await http.Post($"/v1/appointments/{failing}/cancel", new { causingEntity = "patient", cancellingEntity = "organisation", reasonCode = "patient_unavailable" });
        Assert.Equal(HttpStatusCode.OK, cancel.Status);
        await Until(() => first.For(failing).Count(r => r.Answered == 200) == 2, 30, () => Describe(first));

        // Down: nothing listens on the port for a while, then a receiver comes back on it.
        var secrets = first.Secrets;
        await first.DisposeAsync();
        receivers.Remove(first);
        var whileDown = await Appointment(http, patientId);
        await Task.Delay(1500);
        var second = await Receiver(port);
        second.Secrets = secrets;
        await Until(() => second.For(whileDown).Any(r => r.Answered == 200), 30, () => Describe(second));
        await Task.Delay(500);

        var received = first.Received.Concat(second.Received).ToList();
        AssertDeliveredExactlyOnce(received, [failing, whileDown]);
        // In the order the attempts arrived: the timed-out third one is recorded only when the receiver notices the
        // sender gave up, which can be after the fourth attempt's quick answer.
        var created = received.Where(r => r.AppointmentId == failing && r.Type == "appointment.created").OrderBy(r => r.Arrival).ToList();
        Assert.Equal([500, 500, -1, 200], created.Select(r => r.Answered));
        Assert.Single(created.Select(r => r.Id).Distinct());
        // Order: the cancellation was not sent before its creation had been delivered.
        var cancelled = received.Where(r => r.AppointmentId == failing && r.Type == "appointment.cancelled").OrderBy(r => r.Arrival).ToList();
        Assert.True(cancelled.First().At >= created.Single(r => r.Answered == 200).At, "appointment.cancelled was sent before appointment.created was delivered");
    }

    [Fact]
    public async Task AServiceKilledMidSend_DeliversAfterRestart_WithTheSameId()
    {
        var receiver = await Receiver();
        var environment = new Dictionary<string, string>(Fast) { ["Scheduling__Webhooks__RequestTimeoutSeconds"] = "5" };
        var service = await StartService(environment: environment);
        using var http = new Http(service.BaseAddress);
        await Subscribe(http, receiver);
        var patientId = await http.Patient();
        receiver.Respond = (_, attempt) => attempt == 1 ? (200, TimeSpan.FromSeconds(4)) : (200, TimeSpan.Zero);

        var id = await Appointment(http, patientId);
        await Until(() => receiver.Arrived >= 1, 20, () => "the first send never arrived");
        service.Kill();

        await StartService(environment: environment);
        await Until(() => receiver.For(id).Any(r => r.Answered == 200 && r.Type == "appointment.created" && r != receiver.For(id)[0]), 40, () => Describe(receiver));

        var sends = receiver.For(id);
        Assert.Equal(-1, sends[0].Answered); // the killed sender never read the answer
        Assert.Single(sends.Select(r => r.Id).Distinct());
    }

    [Fact]
    public async Task TwoInstances_DeliverEveryEvent_NeverTheSameOneConcurrently()
    {
        var receiver = await Receiver();
        receiver.Respond = (_, _) => (200, TimeSpan.FromMilliseconds(Random.Shared.Next(0, 30)));
        // The contract's 10 s timeout: on this shared machine a 1 s one can expire after the receiver answered,
        // and the re-send that follows (at least once) would blur what this test is about.
        var environment = new Dictionary<string, string>(Fast) { ["Scheduling__Webhooks__BatchSize"] = "8", ["Scheduling__Webhooks__RequestTimeoutSeconds"] = "10" };
        var one = await StartService(environment: environment);
        var two = await StartService(environment: environment);
        using var httpOne = new Http(one.BaseAddress);
        using var httpTwo = new Http(two.BaseAddress);
        await Subscribe(httpOne, receiver);
        var patientId = await httpOne.Patient();

        // Creates a few at a time, through both instances: the test is about sharing the sending, not about load.
        using var gate = new SemaphoreSlim(4);
        var ids = await Task.WhenAll(Enumerable.Range(0, 120).Select(async i =>
        {
            await gate.WaitAsync();
            try
            {
                return await Appointment(i % 2 == 0 ? httpOne : httpTwo, patientId);
            }
            finally
            {
                gate.Release();
            }
        }));

        await Until(() => ids.All(id => receiver.For(id).Any(r => r.Answered == 200)), 60, () => $"{ids.Count(id => receiver.For(id).Count > 0)} of {ids.Length} delivered");
        await Task.Delay(1000);
        Assert.Empty(receiver.Overlaps);
        Assert.DoesNotContain("Webhook dispatch failed", one.Output + two.Output, StringComparison.Ordinal);
        AssertDeliveredExactlyOnce(receiver.Received, ids);
        Assert.All(ids, id => Assert.Single(receiver.For(id))); // no failures, so no re-sends either
        var senders = await Store.Scalar("select count(*) from scheduling.webhook_deliveries where status = 'delivered'");
        Assert.Equal(ids.Length, senders);
    }

    [Fact]
    public async Task TheDatabaseStoppedDuringDispatch_LosesNothing_AndSendingResumes()
    {
        var receiver = await Receiver();
        receiver.Respond = (_, _) => (200, TimeSpan.FromMilliseconds(50));
        var service = await StartService(environment: new Dictionary<string, string>(Fast) { ["Scheduling__Webhooks__Concurrency"] = "2" });
        using var http = new Http(service.BaseAddress);
        await Subscribe(http, receiver);
        var patientId = await http.Patient();
        var ids = new List<string>();
        for (var i = 0; i < 60; i++)
        {
            ids.Add(await Appointment(http, patientId));
        }

        await Until(() => receiver.Received.Count >= 5, 20, () => "sending never started");
        await Cluster.Stop();
        await Task.Delay(3000);
        await Cluster.Restart();

        await Until(() => ids.All(id => receiver.For(id).Any(r => r.Answered == 200)), 90, () => $"{ids.Count(id => receiver.For(id).Any(r => r.Answered == 200))} of {ids.Count} delivered");
        Assert.Empty(receiver.Overlaps);
        Assert.All(ids, id => Assert.Single(receiver.For(id).Select(r => r.Id).Distinct()));
        await Until(() => Store.Scalar("select count(*) from scheduling.webhook_deliveries where status <> 'delivered'").Result == 0, 30, () => "deliveries left undelivered");
    }

    [Fact]
    public async Task ASecretRotatedWhileDeliveriesRetry_SignsWithBothSecretsDuringTheOverlap_ThenOnlyTheNewOne()
    {
        // The 24 h overlap scaled to ~17 s; retries every ~3.6 s at most, so each phase sees several attempts.
        var overlap = TimeSpan.FromHours(24) * 0.0002;
        var environment = new Dictionary<string, string>(Fast)
        {
            ["Scheduling__Webhooks__BackoffScale"] = "0.0005",
            ["Scheduling__Webhooks__RotationOverlapScale"] = "0.0002",
        };
        var receiver = await Receiver();
        // Failing first: every webhook id is answered 500 until the test lets it through.
        var accepted = new ConcurrentDictionary<string, bool>();
        var acceptUnseen = false;
        receiver.Respond = (id, _) => accepted.GetOrAdd(id, _ => Volatile.Read(ref acceptUnseen)) ? (200, TimeSpan.Zero) : (500, TimeSpan.Zero);
        var service = await StartService(environment: environment);
        using var http = new Http(service.BaseAddress);
        var subscribed = await http.Post("/v1/webhooks/endpoints", new { url = receiver.Url.ToString(), events = CreatedOnly });
        Assert.True(subscribed.Status == HttpStatusCode.Created, subscribed.Body);
        var endpointId = subscribed.Id;
        var oldSecret = subscribed.Json!["secret"]!.GetValue<string>();
        var patientId = await http.Patient();

        var before = await Appointment(http, patientId);
        await Until(() => receiver.For(before).Count >= 2, 30, () => Describe(receiver));
        // Rotate in a later second than the first attempt's timestamp, so that attempt is surely signed before it.
        await Until(() => DateTimeOffset.UtcNow.ToUnixTimeSeconds() > long.Parse(receiver.For(before)[0].Timestamp, CultureInfo.InvariantCulture), 5, () => "clock");
        var rotateFrom = DateTimeOffset.UtcNow;
        var rotated = await http.Post($"/v1/webhooks/endpoints/{endpointId}/rotate-secret", new { });
        var rotateTo = DateTimeOffset.UtcNow;
        Assert.True(rotated.Status == HttpStatusCode.OK, rotated.Body);
        var newSecret = rotated.Json!["secret"]!.GetValue<string>();
        var during = await Appointment(http, patientId);

        // Signed surely inside the overlap: the timestamp's whole second after the rotation's answer, before its
        // earliest possible end. Surely after it: from the latest possible end on.
        var overlapFrom = rotateTo.ToUnixTimeSeconds() + 1;
        var overlapUntil = (rotateFrom + overlap).ToUnixTimeSeconds() - 1;
        var overlapEnded = (rotateTo + overlap).ToUnixTimeSeconds() + 1;
        bool InOverlap(ReceivedWebhook r) => long.Parse(r.Timestamp, CultureInfo.InvariantCulture) is var t && t >= overlapFrom && t < overlapUntil;
        bool AfterOverlap(ReceivedWebhook r) => long.Parse(r.Timestamp, CultureInfo.InvariantCulture) >= overlapEnded;

        // Both still failing inside the overlap; then the earlier one's receiver recovers, still inside it.
        await Until(() => receiver.For(before).Any(InOverlap) && receiver.For(during).Any(InOverlap), 30, () => Describe(receiver));
        accepted[receiver.For(before)[0].Id] = true;
        await Until(() => receiver.For(before).Any(r => r.Answered == 200), 30, () => Describe(receiver));

        // The later one keeps failing past the overlap's end, then recovers; a new event after it is accepted at once.
        await Until(() => receiver.For(during).Any(AfterOverlap), 60, () => Describe(receiver));
        Volatile.Write(ref acceptUnseen, true);
        accepted[receiver.For(during)[0].Id] = true;
        var after = await Appointment(http, patientId);
        await Until(() => new[] { during, after }.All(id => receiver.For(id).Any(r => r.Answered == 200)), 30, () => Describe(receiver));
        await Task.Delay(500);

        // Nothing lost, each event answered 2xx exactly once, one webhook-id per event across all its attempts.
        AssertEachAnsweredOnceWithOneId(receiver, [before, during, after]);
        Assert.Equal(3, await Store.Scalar("select count(*) from scheduling.webhook_deliveries where status = 'delivered'"));
        Assert.Equal(0, await Store.Scalar("select count(*) from scheduling.webhook_deliveries where status <> 'delivered'"));

        // Before the rotation: the old secret alone.
        var sentBefore = receiver.For(before).Where(r => long.Parse(r.Timestamp, CultureInfo.InvariantCulture) < rotateFrom.ToUnixTimeSeconds()).ToList();
        Assert.NotEmpty(sentBefore);
        Assert.All(sentBefore, r => Assert.Equal([oldSecret], SignedBy(r, [oldSecret, newSecret])));

        // Inside the overlap: two signatures, one per secret, each verifying with its own (the retries of the
        // earlier event as much as the first attempts of the later one, and the earlier one's accepted attempt).
        var sentInOverlap = receiver.Received.Where(InOverlap).ToList();
        Assert.Contains(sentInOverlap, r => r.AppointmentId == before && r.Answered == 200);
        Assert.Contains(sentInOverlap, r => r.AppointmentId == during);
        Assert.All(sentInOverlap, r => Assert.Equal([newSecret, oldSecret], SignedBy(r, [oldSecret, newSecret])));

        // After the overlap: the new secret alone, on the later event's retries (same id) and on the new event.
        var sentAfter = receiver.Received.Where(AfterOverlap).ToList();
        Assert.Contains(sentAfter, r => r.AppointmentId == during && r.Answered == 200);
        Assert.Contains(sentAfter, r => r.AppointmentId == after && r.Answered == 200);
        Assert.All(sentAfter, r => Assert.Equal([newSecret], SignedBy(r, [oldSecret, newSecret])));
    }

    /// <summary>
    /// Which secret made each <c>v1,</c> entry of the signature header, in header order, checked twice
    /// independently of the service: by hand (HMAC-SHA256 over "id.timestamp.body" with the secret's bytes) and by
    /// the StandardWebhooks package. An entry no secret made fails the test.
    /// </summary>
    private static List<string> SignedBy(ReceivedWebhook request, IReadOnlyList<string> secrets)
    {
        var entries = request.Signature.Split(' ');
        var signers = new List<string>();
        foreach (var entry in entries)
        {
            var byHand = secrets.Where(secret => entry == "v1," + Convert.ToBase64String(HMACSHA256.HashData(
                Convert.FromBase64String(secret["whsec_".Length..]), Encoding.UTF8.GetBytes($"{request.Id}.{request.Timestamp}.{request.Body}")))).ToList();
            var byPackage = secrets.Where(secret => VerifiesWithPackage(secret, request, entry)).ToList();
            Assert.Equal(byHand, byPackage);
            signers.Add(Assert.Single(byHand));
        }

        return signers;
    }

    private static bool VerifiesWithPackage(string secret, ReceivedWebhook request, string entry)
    {
        var headers = new HeaderDictionary { ["webhook-id"] = request.Id, ["webhook-timestamp"] = request.Timestamp, ["webhook-signature"] = entry };
        try
        {
            new StandardWebhook(secret).Verify(request.Body, headers);
            return true;
        }
        catch (WebhookVerificationException)
        {
            return false;
        }
    }

    private static void AssertEachAnsweredOnceWithOneId(WebhookReceiver receiver, IEnumerable<string> appointmentIds) =>
        Assert.All(appointmentIds, id =>
        {
            var sends = receiver.For(id);
            Assert.Single(sends.Select(r => r.Id).Distinct());
            Assert.Equal(1, sends.Count(r => r.Answered == 200));
        });

    private static string Describe(WebhookReceiver receiver) =>
        "got: " + string.Join(", ", receiver.Received.Select(r => $"{r.Type}/{r.AppointmentId}->{r.Answered}"));

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

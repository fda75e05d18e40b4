using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StandardWebhooks;

namespace Scheduling.Tests.Shared;

/// <summary>
/// One request as the receiver saw it, with the independent verifier's verdict per secret. Requests are recorded when
/// their answer is decided (At); Arrival numbers them in the order they came in, which a slow answer can reverse.
/// </summary>
public sealed record ReceivedWebhook(string Id, string Timestamp, string Signature, string Body, DateTimeOffset At, int Answered, IReadOnlyList<bool> VerifiedBySecret, int Arrival)
{
    public JsonNode Json => JsonNode.Parse(Body)!;

    public string Type => Json["type"]!.GetValue<string>();

    public string? AppointmentId => Json["data"]?["appointment"]?["id"]?.GetValue<string>();

    public long? Version => Json["data"]?["appointment"]?["version"]?.GetValue<long>();
}

/// <summary>
/// A real HTTP receiver (Kestrel) on 127.0.0.1 and a free port: the only place tests send webhooks to. Records every
/// request, verifies its signature with the StandardWebhooks package (an implementation independent of the
/// service's), answers what <see cref="Respond"/> says, and notes when one webhook id arrives while a request with
/// the same id is still in flight (a concurrent double send).
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentQueue<ReceivedWebhook> received = new();
    private readonly ConcurrentDictionary<string, int> inFlight = new();
    private readonly ConcurrentQueue<string> overlaps = new();
    private readonly ConcurrentDictionary<string, int> attemptsById = new();
    private int arrived;

    private WebhookReceiver(WebApplication app)
    {
        this.app = app;
        app.MapPost("/{**path}", Handle);
    }

    /// <summary>The status to answer (and how long to wait first) for a webhook id's n-th request (1-based).</summary>
    public Func<string, int, (int Status, TimeSpan Delay)> Respond { get; set; } = (_, _) => (200, TimeSpan.Zero);

    /// <summary>The secrets to verify with (the verdicts are recorded per secret, in this order).</summary>
    public IReadOnlyList<string> Secrets { get; set; } = [];

    public Uri Url { get; private set; } = null!;

    public IReadOnlyList<ReceivedWebhook> Received => [.. received];

    public IReadOnlyList<string> Overlaps => [.. overlaps];

    public static async Task<WebhookReceiver> Start(int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<System.Diagnostics.Metrics.IMeterFactory, PrivateMeterFactory>();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, port));
        var receiver = new WebhookReceiver(builder.Build());
        await receiver.app.StartAsync();
        var address = receiver.app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        receiver.Url = new Uri(new Uri(address.Replace("[::]", "127.0.0.1")), "/hooks");
        return receiver;
    }

    /// <summary>Requests that have arrived, including those still being answered (for a crash mid-send).</summary>
    public int Arrived => arrived;

    /// <summary>The requests whose body is about this appointment, in arrival order.</summary>
    public IReadOnlyList<ReceivedWebhook> For(string appointmentId) => [.. received.Where(r => r.AppointmentId == appointmentId)];

    public async Task<IReadOnlyList<ReceivedWebhook>> WaitFor(Func<IReadOnlyList<ReceivedWebhook>, bool> done, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (!done(Received))
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"The receiver did not get what was expected in time; it got: {string.Join(", ", Received.Select(r => $"{r.Type}/{r.AppointmentId}/v{r.Version}->{r.Answered}"))}");
            }

            await Task.Delay(25);
        }

        return Received;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private async Task Handle(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync();
        var id = context.Request.Headers["webhook-id"].ToString();
        var arrival = Interlocked.Increment(ref arrived);
        if (inFlight.AddOrUpdate(id, 1, (_, n) => n + 1) > 1)
        {
            overlaps.Enqueue(id);
        }

        try
        {
            var attempt = attemptsById.AddOrUpdate(id, 1, (_, n) => n + 1);
            var (status, delay) = Respond(id, attempt);
            var verified = Secrets.Select(secret => Verifies(secret, body, context.Request.Headers)).ToArray();
            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, context.RequestAborted).ContinueWith(_ => { });
            }

            // A sender that gave up (timeout) never saw the answer: recorded as -1.
            var answered = context.RequestAborted.IsCancellationRequested ? -1 : status;
            received.Enqueue(new ReceivedWebhook(
                id, context.Request.Headers["webhook-timestamp"].ToString(), context.Request.Headers["webhook-signature"].ToString(), body, DateTimeOffset.UtcNow, answered, verified, arrival));
            context.Response.StatusCode = status;
        }
        finally
        {
            inFlight.AddOrUpdate(id, 0, (_, n) => n - 1);
        }
    }

    /// <summary>
    /// Whether any of the header's signatures is this secret's. The package is asked about one signature at a time
    /// (with two secrets active the header holds two, space-separated, and the spec lets a receiver match any).
    /// </summary>
    private static bool Verifies(string secret, string body, IHeaderDictionary headers) =>
        headers["webhook-signature"].ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries).Any(signature =>
        {
            try
            {
                new StandardWebhook(secret).Verify(body, new HeaderDictionary
                {
                    ["webhook-id"] = headers["webhook-id"],
                    ["webhook-timestamp"] = headers["webhook-timestamp"],
                    ["webhook-signature"] = signature,
                });
                return true;
            }
            catch (Exception)
            {
                return false;
            }
        });
}

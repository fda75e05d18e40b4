using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;
using Scheduling.Api.IntegrationTests.Infrastructure;
using Scheduling.Tests.Shared;

namespace Scheduling.Api.IntegrationTests.Observability;

/// <summary>
/// Webhook delivery in metrics (attempts by outcome, the lag gauge) and traces (a dispatch span per attempt, linked
/// to the request that caused the event, with the HTTP call as its child), against a real receiver on 127.0.0.1.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class WebhookTelemetryTests(ApiFixture fixture)
{
    private const string Deliveries = "scheduling_webhooks_deliveries_total";
    private const string Lag = "scheduling_webhooks_oldest_due_age_seconds";

    private readonly ApiClient api = fixture.Client();

    private static string Outcome(string outcome) => $"outcome=\"{outcome}\"";

    private static async Task<string> Subscribe(ApiClient client, Uri url) =>
        (await client.Post("/v1/webhooks/endpoints", RequestBodies.WebhookEndpoint(url.ToString(), "appointment.created")))
            .AssertStatus(HttpStatusCode.Created).Json!["id"]!.GetValue<string>();

    private async Task<string> CreateAppointment(string patientId) =>
        (await api.CreateAppointment(RequestBodies.Appointment(patientId))).AssertStatus(HttpStatusCode.Created).Json!["id"]!.GetValue<string>();

    /// <summary>Scrapes until <paramref name="done"/> holds (or 20 s pass), then once more after a pause, so a late extra count would show.</summary>
    private async Task<Dictionary<string, double>> ScrapeWhen(Func<Dictionary<string, double>, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        var metrics = await PrometheusScrape.Read(api.Http);
        while (!done(metrics))
        {
            Assert.True(DateTime.UtcNow < deadline, "The metrics did not reach the expected values in time.");
            await Task.Delay(100);
            metrics = await PrometheusScrape.Read(api.Http);
        }

        await Task.Delay(300);
        return await PrometheusScrape.Read(api.Http);
    }

    [Fact]
    public async Task DeliveryAttempts_AreCountedByOutcome_AndTheLagGaugeShowsTheDueDeliveryWhileTheReceiverIsDown()
    {
        var receiver = await WebhookReceiver.Start();
        var endpointId = await Subscribe(api, receiver.Url);
        try
        {
            // Up, failing once, down, back, gone: each attempt counted once under its outcome.
            var patientId = await api.CreatePatient();
            var before = await PrometheusScrape.Read(api.Http);
            double Delta(Dictionary<string, double> now, string outcome) => PrometheusScrape.Get(now, Deliveries, Outcome(outcome)) - PrometheusScrape.Get(before, Deliveries, Outcome(outcome));

            // One delivered at once; one refused once (500), then delivered.
            var first = await CreateAppointment(patientId);
            await receiver.WaitFor(_ => receiver.For(first).Count >= 1);
            var firstWebhookId = receiver.For(first)[0].Id;
            receiver.Respond = (webhookId, attempt) => webhookId != firstWebhookId && attempt == 1 ? (500, TimeSpan.Zero) : (200, TimeSpan.Zero);
            var second = await CreateAppointment(patientId);
            await receiver.WaitFor(_ => receiver.For(second).Any(r => r.Answered == 200));
            var settled = await ScrapeWhen(m => Delta(m, "delivered") >= 2);

            Assert.Equal(2, Delta(settled, "delivered"));
            Assert.Equal(1, Delta(settled, "retry_scheduled"));
            Assert.Equal(0, Delta(settled, "failed"));
            Assert.Equal(0, Delta(settled, "endpoint_disabled"));
            Assert.Equal([500, 200], receiver.For(second).Select(r => r.Answered));
            Assert.Equal(0, PrometheusScrape.Get(settled, Lag));

            // The receiver goes down: the next event's delivery is due and retried; the gauge shows its age.
            var port = receiver.Url.Port;
            await receiver.DisposeAsync();
            var queued = Stopwatch.StartNew();
            var third = await CreateAppointment(patientId);
            var down = await ScrapeWhen(m => PrometheusScrape.Get(m, Lag) >= 1.0 && Delta(m, "retry_scheduled") >= 2);
            Assert.InRange(PrometheusScrape.Get(down, Lag), 1.0, queued.Elapsed.TotalSeconds + 1);
            Assert.Equal(2, Delta(down, "delivered"));
            Assert.Equal(0, Delta(down, "failed"));

            // Back up on the same port: delivered, and nothing is owed any more.
            receiver = await WebhookReceiver.Start(port);
            await receiver.WaitFor(_ => receiver.For(third).Count >= 1);
            var recovered = await ScrapeWhen(m => Delta(m, "delivered") >= 3 && PrometheusScrape.Get(m, Lag) == 0);
            Assert.Equal(3, Delta(recovered, "delivered"));
            Assert.Equal(0, PrometheusScrape.Get(recovered, Lag));

            // 410 Gone: the delivery fails and its endpoint is disabled, counted once, as endpoint_disabled.
            receiver.Respond = (_, _) => (410, TimeSpan.Zero);
            var fourth = await CreateAppointment(patientId);
            await receiver.WaitFor(_ => receiver.For(fourth).Count >= 1);
            var gone = await ScrapeWhen(m => Delta(m, "endpoint_disabled") >= 1);
            Assert.Equal(1, Delta(gone, "endpoint_disabled"));
            Assert.Equal(0, Delta(gone, "failed"));
            Assert.Equal(3, Delta(gone, "delivered"));
            Assert.False((await api.Get($"/v1/webhooks/endpoints/{endpointId}")).AssertStatus(HttpStatusCode.OK).Json!["enabled"]!.GetValue<bool>());
        }
        finally
        {
            await api.Send(HttpMethod.Delete, $"/v1/webhooks/endpoints/{endpointId}");
            await receiver.DisposeAsync();
        }
    }

    [Fact]
    public async Task EachDeliveryAttempt_IsADispatchSpanLinkedToTheCausingRequestsTrace_WithTheHttpCallAsItsChild()
    {
        var spans = new List<Activity>();
        using var traced = fixture.Factory.WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
            services.AddSingleton<System.Diagnostics.Metrics.IMeterFactory, PrivateMeterFactory>().AddOpenTelemetry().WithTracing(tracing => tracing.AddInMemoryExporter(spans))));
        using var http = traced.CreateClient();
        var client = new ApiClient(http, DemoKeys.DemoTest);
        await using var receiver = await WebhookReceiver.Start();
        var endpointId = await Subscribe(client, new Uri(receiver.Url + "?token=tracesecret-9917"));
        try
        {
            var patientId = await client.CreatePatient();
            var traceId = ActivityTraceId.CreateRandom();
            var body = RequestBodies.Appointment(patientId);
            body["note"] = "tracenote-unique-5521";
            using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/appointments") { Content = new StringContent(body.ToJsonString()) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            request.Headers.TryAddWithoutValidation("Authorization", DemoKeys.DemoTest);
            request.Headers.TryAddWithoutValidation("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");
            using var response = await http.SendAsync(request);
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            var id = (await ApiResponse.From(response)).Json!["id"]!.GetValue<string>();
            await receiver.WaitFor(_ => receiver.For(id).Count >= 1);

            Activity? dispatch = null;
            Activity? call = null;
            for (var wait = 0; wait < 100 && call is null; wait++)
            {
                await Task.Delay(100);
                lock (spans)
                {
                    dispatch = spans.SingleOrDefault(s => s.Source.Name == "Scheduling" && s.DisplayName == "DispatchWebhook" && s.Links.Any(l => l.Context.TraceId == traceId));
                    call = dispatch is null ? null : spans.SingleOrDefault(s => s.ParentSpanId == dispatch.SpanId && s.Source.Name == "System.Net.Http");
                }
            }

            Assert.NotNull(dispatch);
            Assert.NotNull(call);
            var correlationId = (await client.Get($"/v1/appointments/{id}/events")).AssertStatus(HttpStatusCode.OK).Json!.AsArray().Single()!["correlationId"]!.GetValue<string>();
            Assert.Equal(traceId.ToHexString(), correlationId);
            Assert.Equal(correlationId, Assert.Single(dispatch.Links).Context.TraceId.ToHexString());
            Assert.NotEqual(traceId, dispatch.TraceId); // a trace of its own, linked rather than parented
            Assert.Equal(dispatch.TraceId, call.TraceId);
            Assert.Equal(ActivityKind.Client, call.Kind);
            Assert.Equal("appointment.created", dispatch.GetTagItem("scheduling.webhook.event_type"));
            Assert.Equal("delivered", dispatch.GetTagItem("scheduling.outcome"));
            Assert.Equal(200, dispatch.GetTagItem("http.response.status_code"));
            Assert.Equal(1, dispatch.GetTagItem("scheduling.webhook.attempt"));

            // Never the body, the URL's query string, the secret or ids in the dispatch span; the HTTP span keeps no query.
            var tags = new[] { dispatch, call }.SelectMany(s => s.TagObjects).Select(t => t.Value?.ToString() ?? string.Empty).ToList();
            Assert.DoesNotContain(tags, v => v.Contains("tracesecret-9917", StringComparison.Ordinal) || v.Contains("tracenote-unique-5521", StringComparison.Ordinal) || v.Contains(patientId, StringComparison.Ordinal) || v.Contains(id, StringComparison.Ordinal));
            Assert.DoesNotContain(dispatch.TagObjects, t => t.Value?.ToString()?.Contains(receiver.Url.Authority, StringComparison.Ordinal) == true);
        }
        finally
        {
            await client.Send(HttpMethod.Delete, $"/v1/webhooks/endpoints/{endpointId}");
        }
    }
}

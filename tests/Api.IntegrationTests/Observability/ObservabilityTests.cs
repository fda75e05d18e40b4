using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;
using Scheduling.Api.IntegrationTests.Infrastructure;
using Scheduling.Tests.Shared;

namespace Scheduling.Api.IntegrationTests.Observability;

/// <summary>Traces (HTTP → MediatR → database in one trace) and the Prometheus metrics at /metrics.</summary>
[Collection(ApiCollection.Name)]
public sealed class ObservabilityTests(ApiFixture fixture)
{
    private static readonly string[] IdPrefixes = ["apt_", "p_", "win_", "whe_"];

    private readonly ApiClient api = fixture.Client();

    [Fact]
    public async Task OneCreate_IsOneTraceFromHttpThroughMediatRToTheDatabase_UnderTheIncomingTraceparent()
    {
        var spans = new List<Activity>();
        using var traced = fixture.Factory.WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
            services.AddSingleton<System.Diagnostics.Metrics.IMeterFactory, PrivateMeterFactory>().AddOpenTelemetry().WithTracing(tracing => tracing.AddInMemoryExporter(spans))));
        using var http = traced.CreateClient();
        var client = new ApiClient(http, DemoKeys.DemoTest);
        var patientId = await client.CreatePatient();
        var traceId = ActivityTraceId.CreateRandom();

        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/appointments") { Content = new StringContent(RequestBodies.Appointment(patientId).ToJsonString()) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.TryAddWithoutValidation("Authorization", DemoKeys.DemoTest);
        request.Headers.TryAddWithoutValidation("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);

        List<Activity> trace = [];
        for (var wait = 0; wait < 50 && !trace.Any(s => s.Kind == ActivityKind.Server); wait++)
        {
            await Task.Delay(100);
            lock (spans)
            {
                trace = [.. spans.Where(s => s.TraceId == traceId)];
            }
        }

        var server = Assert.Single(trace, s => s.Kind == ActivityKind.Server);
        var command = Assert.Single(trace, s => s.Source.Name == "Scheduling" && s.DisplayName == "CreateAppointment");
        Assert.Equal("ok", command.GetTagItem("scheduling.outcome"));
        Assert.Contains(trace, s => s.Source.Name == "Npgsql");
        Assert.All(trace.Where(s => s != server), s => Assert.NotEqual(default, s.ParentSpanId));
        Assert.DoesNotContain(trace.SelectMany(s => s.TagObjects), tag => tag.Value?.ToString()?.Contains(patientId, StringComparison.Ordinal) == true);
    }

    private Task<Dictionary<string, double>> Scrape() => PrometheusScrape.Read(api.Http);

    private static double Get(Dictionary<string, double> metrics, string name, params string[] labels) => PrometheusScrape.Get(metrics, name, labels);

    [Fact]
    public async Task Metrics_CountCreatesRefusalsAndReplaysExactly_AndNoLabelHoldsAnIdOrPersonalData()
    {
        // A subscribed receiver, so the webhook series exist in the scrape and their labels are checked too.
        await using var receiver = await WebhookReceiver.Start();
        var endpoint = (await api.Post("/v1/webhooks/endpoints", RequestBodies.WebhookEndpoint(receiver.Url + "?token=metricsecret-4471", "appointment.created")))
            .AssertStatus(HttpStatusCode.Created).Json!["id"]!.GetValue<string>();
        try
        {
            await CountCreatesRefusalsAndReplays(receiver);
        }
        finally
        {
            await api.Send(HttpMethod.Delete, $"/v1/webhooks/endpoints/{endpoint}");
        }
    }

    private async Task CountCreatesRefusalsAndReplays(WebhookReceiver receiver)
    {
        var patientId = await api.CreatePatient();
        var windowId = await api.OpenWindow("tsk_bloodtest", fixture.Clock.InDays(40), capacity: 1);
        var before = await Scrape();

        (await api.CreateAppointment(RequestBodies.Appointment(patientId, windowId: windowId))).AssertStatus(HttpStatusCode.Created);
        (await api.CreateAppointment(RequestBodies.Appointment(patientId, windowId: windowId))).AssertProblem(HttpStatusCode.Conflict, "window_full");
        var key = Guid.NewGuid().ToString();
        for (var i = 0; i < 2; i++)
        {
            using var keyed = new HttpRequestMessage(HttpMethod.Post, "/v1/appointments") { Content = new StringContent(RequestBodies.Appointment(patientId).ToJsonString()) };
            keyed.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            keyed.Headers.TryAddWithoutValidation("Authorization", DemoKeys.DemoTest);
            keyed.Headers.TryAddWithoutValidation("Idempotency-Key", key);
            using var response = await api.Http.SendAsync(keyed);
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }

        await receiver.WaitFor(got => got.Count >= 2);
        var after = await Scrape();
        for (var wait = 0; wait < 100 && Get(after, "scheduling_webhooks_deliveries_total", "outcome=\"delivered\"") - Get(before, "scheduling_webhooks_deliveries_total", "outcome=\"delivered\"") < 2; wait++)
        {
            await Task.Delay(100);
            after = await Scrape();
        }

        double Delta(string name, params string[] labels) => Get(after, name, labels) - Get(before, name, labels);
        Assert.Equal(1, Delta("scheduling_appointments_created_total", "mode=\"choose_a_time\"", "type=\"standard\""));
        Assert.Equal(1, Delta("scheduling_appointments_created_total", "mode=\"patient_led\"", "type=\"standard\""));
        Assert.Equal(1, Delta("scheduling_bookings_refused_total", "code=\"window_full\""));
        Assert.Equal(1, Delta("scheduling_idempotency_replays_total"));
        Assert.Equal(2, Delta("scheduling_webhooks_deliveries_total", "outcome=\"delivered\""));
        Assert.True(PrometheusScrape.Has(after, "scheduling_webhooks_oldest_due_age_seconds"), "no webhook lag gauge in the scrape");
        var routes = after.Keys.Where(k => k.StartsWith("http_server_request_duration_seconds", StringComparison.Ordinal))
            .SelectMany(k => k.Split(',').Where(l => l.Contains("http_route=", StringComparison.Ordinal))).Distinct().ToList();
        Assert.True(routes.Any(r => r.Contains("/v1/appointments", StringComparison.Ordinal)), $"no request duration for the appointments route among: {string.Join(' ', routes)}");

        var labels = PrometheusScrape.LabelValues(after);
        Assert.DoesNotContain(labels, v => IdPrefixes.Any(prefix => v.StartsWith(prefix, StringComparison.Ordinal)));
        Assert.DoesNotContain(labels, v => v.Contains(patientId, StringComparison.Ordinal) || v.Contains(RequestBodies.ValidPhone, StringComparison.Ordinal) || v.Contains("Lovelace", StringComparison.Ordinal));
        Assert.DoesNotContain(labels, v => v.Contains("metricsecret-4471", StringComparison.Ordinal) || v.Contains(receiver.Url.Authority, StringComparison.Ordinal) || v.StartsWith("evt_", StringComparison.Ordinal) || v.StartsWith("whd_", StringComparison.Ordinal));
    }
}

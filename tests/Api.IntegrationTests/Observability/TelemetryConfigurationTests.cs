using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Scheduling.Api.IntegrationTests.Infrastructure;
using Scheduling.Tests.Shared;

namespace Scheduling.Api.IntegrationTests.Observability;

/// <summary>The telemetry switches: off entirely, metrics on a management port, OTLP towards an absent collector.</summary>
[Collection(ApiCollection.Name)]
public sealed class TelemetryConfigurationTests(ApiFixture fixture) : IDisposable
{
    private readonly List<SchedulingApiFactory> factories = [];

    public void Dispose()
    {
        foreach (var factory in factories)
        {
            factory.Dispose();
        }
    }

    // Environment variables, as an operator sets them: Program reads these before its host is built.
    private WebApplicationFactory<Program> With(params (string Key, string Value)[] settings)
    {
        var factory = new SchedulingApiFactory(fixture.Factory.ConnectionString, settings.ToDictionary(s => s.Key.Replace(":", "__", StringComparison.Ordinal), s => s.Value));
        factories.Add(factory);
        return factory.WithWebHostBuilder(builder => builder.ConfigureTestServices(services => services.AddSingleton<System.Diagnostics.Metrics.IMeterFactory, PrivateMeterFactory>()));
    }

    [Fact]
    public async Task TelemetryOff_ServesNoMetrics_AndTheServiceStillWorks()
    {
        using var off = With(("Scheduling:Telemetry:Enabled", "false"));
        using var http = off.CreateClient();

        using var metrics = await http.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.NotFound, metrics.StatusCode);
        Assert.StartsWith("p_", await new ApiClient(http, DemoKeys.DemoTest).CreatePatient(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MetricsOnAManagementPort_AreServedOnlyThere()
    {
        using var managed = With(("Scheduling:Metrics:Port", "9464"));
        using var http = managed.CreateClient();

        using var onTheServicePort = await http.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.NotFound, onTheServicePort.StatusCode);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.Host = "localhost:9464";
        using var onTheManagementPort = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, onTheManagementPort.StatusCode);
        Assert.Contains("# TYPE ", await onTheManagementPort.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AConfiguredOtlpCollector_GetsTheTraces_AndOneThatIsGone_DoesNotStopTheService()
    {
        // A stand-in collector on 127.0.0.1 that accepts any POST (OTLP/HTTP), then closed.
        var collector = await WebhookReceiver.Start();
        using var exporting = With(
            ("OTEL_EXPORTER_OTLP_ENDPOINT", collector.Url.GetLeftPart(UriPartial.Authority)), ("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf"));
        using var http = exporting.CreateClient();
        var api = new ApiClient(http, DemoKeys.DemoTest);
        try
        {
            var patientId = await api.CreatePatient();
            (await api.CreateAppointment(RequestBodies.Appointment(patientId))).AssertStatus(HttpStatusCode.Created);
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (collector.Arrived == 0)
            {
                Assert.True(DateTime.UtcNow < deadline, "nothing was exported to the configured OTLP endpoint");
                await Task.Delay(200);
            }
        }
        finally
        {
            await collector.DisposeAsync();
        }

        var again = await api.CreatePatient();
        (await api.CreateAppointment(RequestBodies.Appointment(again))).AssertStatus(HttpStatusCode.Created);
        using var metrics = await http.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
    }
}

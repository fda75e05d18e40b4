using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Scheduling.Application.Common.Behaviours;

namespace Scheduling.Api.Observability;

/// <summary>
/// OpenTelemetry: traces across ASP.NET Core, the MediatR pipeline (one span per command/query), Npgsql/Marten
/// and outgoing HTTP; metrics from ASP.NET Core, Kestrel, Npgsql and the service's own meter, scraped at
/// <c>/metrics</c> (Prometheus text). OTLP export only when the standard <c>OTEL_EXPORTER_OTLP_*</c> variables are set.
/// </summary>
public static class SchedulingTelemetry
{
    public const string MetricsPath = "/metrics";

    /// <summary>Optional management port for <c>/metrics</c> (<c>Scheduling:Metrics:Port</c>); the service must also listen on it.</summary>
    public const string MetricsPortKey = "Scheduling:Metrics:Port";

    /// <summary>
    /// <c>Scheduling:Telemetry:Enabled</c> (default true): false registers no tracing or metrics at all and serves no
    /// <c>/metrics</c> (what the benchmark's "off" side measures); problem and event trace ids then fall back to
    /// ASP.NET Core's request id when no listener starts an activity.
    /// </summary>
    public const string EnabledKey = "Scheduling:Telemetry:Enabled";

    private static bool Enabled(IConfiguration configuration) => configuration.GetValue(EnabledKey, true);

    public static IServiceCollection AddSchedulingTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        if (!Enabled(configuration))
        {
            return services;
        }

        var otlp = !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"])
            || !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"])
            || !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_METRICS_ENDPOINT"]);

        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("scheduling"))
            .WithTracing(tracing =>
            {
                tracing
                    .AddAspNetCoreInstrumentation(options => options.Filter = http => !http.Request.Path.StartsWithSegments(MetricsPath))
                    .AddHttpClientInstrumentation()
                    .AddSource(Telemetry.Name, "Npgsql", "Marten");
                if (otlp)
                {
                    tracing.AddOtlpExporter();
                }
            })
            .WithMetrics(metrics =>
            {
                metrics
                    .AddAspNetCoreInstrumentation()
                    .AddMeter(Telemetry.Name, "Npgsql", "Marten", "Microsoft.AspNetCore.Server.Kestrel")
                    .AddPrometheusExporter(options => options.ScrapeResponseCacheDurationMilliseconds = 0);
                if (otlp)
                {
                    metrics.AddOtlpExporter();
                }
            });
        return services;
    }

    public static IEndpointRouteBuilder MapMetricsEndpoint(this IEndpointRouteBuilder app, IConfiguration configuration)
    {
        if (!Enabled(configuration))
        {
            return app;
        }

        var endpoint = app.MapPrometheusScrapingEndpoint(MetricsPath);
        if (configuration.GetValue<int?>(MetricsPortKey) is { } port)
        {
            endpoint.RequireHost($"*:{port}");
        }

        return app;
    }
}

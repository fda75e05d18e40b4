using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Marten;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Scheduling.Application.Common.Behaviours;

namespace Scheduling.Infrastructure.Webhooks;

/// <summary>
/// <c>scheduling.webhooks.oldest_due_age_seconds</c>: how long the oldest delivery still owed to an enabled endpoint
/// has waited since its event was queued (0 when none). Read from the database at each scrape with one query that
/// walks the pending-age index and stops at the first row of an enabled endpoint, so every instance reports the
/// same, shared figure (aggregate with <c>max</c>, not <c>sum</c>). Deliveries of a disabled endpoint wait on
/// purpose and are not lag. The gauge lives on the service's static meter, like the counters; each host registers
/// its database while it runs (one per process in production; tests run several, and the gauge reports the largest).
/// </summary>
public sealed partial class WebhookLagGauge(IDocumentStore store, ILogger<WebhookLagGauge> logger) : IHostedService
{
    private static readonly ConcurrentDictionary<WebhookLagGauge, byte> Hosts = new();

    private static readonly ObservableGauge<double> Gauge = Telemetry.Meter.CreateObservableGauge(
        Telemetry.WebhookOldestDueAge, ObserveAll, unit: "s", description: "Age of the oldest webhook delivery still owed to an enabled endpoint, since its event was queued; 0 when none.");

    private static readonly string OldestAge = $"""
        select coalesce((
            select greatest(0, extract(epoch from now() - d.created_at))::double precision
            from {WebhookTables.Deliveries} d
            join {WebhookTables.Endpoints} e on e.tenant_id = d.tenant_id and e.id = d.endpoint_id
            where d.status = 'pending' and (e.data ->> 'enabled')::boolean
            order by d.created_at
            limit 1), 0)
        """;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = Gauge.Enabled; // creates the gauge with the first host
        Hosts.TryAdd(this, 0);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Hosts.TryRemove(this, out _);
        return Task.CompletedTask;
    }

    private static IEnumerable<Measurement<double>> ObserveAll()
    {
        var readings = Hosts.Keys.Select(host => host.Observe()).OfType<double>().ToList();
        return readings.Count == 0 ? [] : [new Measurement<double>(readings.Max())];
    }

    private double? Observe()
    {
        try
        {
            // Synchronous: the exporter's callback is. Bounded, so a slow database cannot hold a scrape for long.
            using var connection = store.Storage.Database.CreateConnection();
            connection.Open();
            using var command = new NpgsqlCommand(OldestAge, connection) { CommandTimeout = 2 };
            return Convert.ToDouble(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Exception exception) when (exception is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            // No sample rather than a wrong one: the series goes absent while the database is unreachable.
            LogUnavailable(logger, exception.GetType().Name);
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook lag gauge: database unavailable ({ErrorType})")]
    private static partial void LogUnavailable(ILogger logger, string errorType);
}

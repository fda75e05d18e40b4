using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Scheduling.Tests.Shared;

/// <summary>
/// Meters under a private name, for extra hosts inside a test process (receivers, traced hosts). ASP.NET Core's and
/// Kestrel's meters are per host but share one name; the OpenTelemetry SDK folds same-named instruments into one
/// stream and drops it when either instrument is disposed, so a short-lived host would silence the service's own
/// request metrics for the rest of the run.
/// </summary>
public sealed class PrivateMeterFactory : IMeterFactory
{
    private readonly ConcurrentBag<Meter> meters = [];

    public Meter Create(MeterOptions options)
    {
        var meter = new Meter(new MeterOptions("private." + options.Name) { Version = options.Version, Tags = options.Tags, Scope = this });
        meters.Add(meter);
        return meter;
    }

    public void Dispose()
    {
        foreach (var meter in meters)
        {
            meter.Dispose();
        }
    }
}

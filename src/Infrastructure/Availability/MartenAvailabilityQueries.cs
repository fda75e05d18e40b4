using Marten;
using Marten.Linq.MatchesSql;
using NodaTime;
using NodaTime.Text;
using Scheduling.Application.Availability.ListAvailable;
using Scheduling.Domain.Availability;
using Scheduling.Infrastructure.Persistence;

namespace Scheduling.Infrastructure.Availability;

public sealed class MartenAvailabilityQueries(TenantSession tenantSession) : IAvailabilityQueries
{
    public async Task<IReadOnlyList<AvailabilityWindow>> ListBookable(
        string taskId, Instant startFrom, Instant startBefore, Instant now, CancellationToken cancellationToken)
    {
        var earliest = Instant.Max(startFrom, now);
        // Instants are ISO strings in the document; compare them as timestamptz, never as text.
        var windows = await tenantSession.Session.Query<AvailabilityWindow>()
            .Where(w => w.TaskId == taskId)
            .Where(w => w.MatchesSql(
                "(d.data ->> 'start')::timestamptz > ?::timestamptz and (d.data ->> 'start')::timestamptz < ?::timestamptz and (d.data ->> 'remaining')::int > 0",
                InstantPattern.ExtendedIso.Format(earliest),
                InstantPattern.ExtendedIso.Format(startBefore)))
            .ToListAsync(cancellationToken);
        return [.. windows.Where(w => w.Start >= startFrom).OrderBy(w => w.Start).ThenBy(w => w.Id, StringComparer.Ordinal)];
    }
}

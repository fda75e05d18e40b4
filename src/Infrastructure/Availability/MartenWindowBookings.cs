using JasperFx.Events;
using Marten;
using Scheduling.Application.Availability;
using Scheduling.Domain.Availability;
using Scheduling.Infrastructure.Persistence;

namespace Scheduling.Infrastructure.Availability;

/// <summary>
/// Capacity is enforced on the window's stream. <c>FetchForExclusiveWriting</c> opens the transaction and takes a
/// row lock on the stream, so concurrent bookings of one window queue up instead of racing; each then sees the
/// bookings committed before it, and the version check at commit guards whatever slips past.
/// </summary>
public sealed class MartenWindowBookings(TenantSession tenantSession) : IWindowBookings
{
    private readonly Dictionary<string, IEventStream<AvailabilityWindow>> held = new(StringComparer.Ordinal);

    public async Task<AvailabilityWindow?> HoldForBooking(string windowId, CancellationToken cancellationToken)
    {
        var stream = await tenantSession.Session.Events.FetchForExclusiveWriting<AvailabilityWindow>(windowId, cancellationToken);
        if (stream.Aggregate is null)
        {
            return null;
        }

        held[windowId] = stream;
        return stream.Aggregate;
    }

    public void Record(string windowId, object windowEvent)
    {
        if (!held.TryGetValue(windowId, out var stream))
        {
            throw new InvalidOperationException($"Window '{windowId}' must be held with {nameof(HoldForBooking)} before recording on it.");
        }

        stream.AppendOne(windowEvent);
    }

    public void Open(AvailabilityWindowOpened opened) =>
        tenantSession.Session.Events.StartStream<AvailabilityWindow>(opened.WindowId, opened);
}

using Marten;
using Scheduling.Application.Availability;
using Scheduling.Application.Common.Persistence;
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
    public async Task<IWriteStream<AvailabilityWindow>?> HoldForBooking(string windowId, CancellationToken cancellationToken)
    {
        var stream = await tenantSession.Session.Events.FetchForExclusiveWriting<AvailabilityWindow>(windowId, cancellationToken);
        return stream.Aggregate is null ? null : new MartenWriteStream<AvailabilityWindow>(stream);
    }

    public void Open(AvailabilityWindowOpened opened) =>
        tenantSession.Session.Events.StartStream<AvailabilityWindow>(opened.WindowId, opened);
}

using Scheduling.Application.Common.Persistence;
using Scheduling.Domain.Availability;

namespace Scheduling.Application.Availability;

/// <summary>The availability window streams, where capacity is enforced.</summary>
public interface IWindowBookings
{
    /// <summary>
    /// Loads a window of the caller's tenant and holds it (a row lock) until the unit of work commits, so
    /// concurrent bookings and releases of one window queue up and none can take a place another has just
    /// taken. Null when it does not exist. Bookings and releases are appended on the returned handle.
    /// </summary>
    Task<IWriteStream<AvailabilityWindow>?> HoldForBooking(string windowId, CancellationToken cancellationToken);

    void Open(AvailabilityWindowOpened opened);
}

using Scheduling.Domain.Availability;

namespace Scheduling.Application.Availability;

/// <summary>The availability window streams, where capacity is enforced.</summary>
public interface IWindowBookings
{
    /// <summary>
    /// Loads a window of the caller's tenant and holds it for this unit of work, so concurrent bookings of the
    /// same window are serialised and none can take a place another has just taken. Null when it does not exist.
    /// </summary>
    Task<AvailabilityWindow?> HoldForBooking(string windowId, CancellationToken cancellationToken);

    /// <summary>Stages a booking or release on a window obtained from <see cref="HoldForBooking"/>.</summary>
    void Record(string windowId, object windowEvent);

    void Open(AvailabilityWindowOpened opened);
}

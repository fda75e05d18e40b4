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
public sealed class MartenWindowBookings(TenantSession tenantSession, RequestTransaction requestTransaction) : IWindowBookings
{
    public async Task<IWriteStream<AvailabilityWindow>?> HoldForBooking(string windowId, CancellationToken cancellationToken)
    {
        var session = tenantSession.Session;
        if (requestTransaction.Current is null)
        {
            var own = await session.Events.FetchForExclusiveWriting<AvailabilityWindow>(windowId, cancellationToken);
            return own.Aggregate is null ? null : new MartenWriteStream<AvailabilityWindow>(own);
        }

        // Inside the idempotency layer's transaction Marten cannot begin one of its own (it threw, a 500 for every
        // schedule or reschedule sent with an Idempotency-Key): the same row lock is taken in the request's transaction.
        await session.QueryAsync<int>(
            $"select 1 from {session.DocumentStore.Options.Events.DatabaseSchemaName}.mt_streams where tenant_id = ? and id = ? for update",
            cancellationToken,
            session.TenantId,
            windowId);
        var stream = await session.Events.FetchForWriting<AvailabilityWindow>(windowId, cancellationToken);
        return stream.Aggregate is null ? null : new MartenWriteStream<AvailabilityWindow>(stream);
    }

    public void Open(AvailabilityWindowOpened opened) =>
        tenantSession.Session.Events.StartStream<AvailabilityWindow>(opened.WindowId, opened);
}

using Scheduling.Application.Availability;
using Scheduling.Application.Common.Exceptions;
using Scheduling.Application.Common.Persistence;
using Scheduling.Domain.Appointments;
using Scheduling.Domain.Availability;
using Scheduling.Domain.Common;

namespace Scheduling.Application.Appointments;

/// <summary>The steps every appointment command shares: load or 404, hold a window or 422, append and answer.</summary>
public static class AppointmentLookups
{
    /// <summary>
    /// The appointment for writing, or 404; with <paramref name="expectedVersion"/> (the client's <c>If-Match</c>) a
    /// stale read is 412 before anything is decided. A change after this read still fails the commit (409).
    /// </summary>
    public static async Task<IWriteStream<Appointment>> LoadOrNotFound(
        this IAppointmentStreams streams, string appointmentId, long? expectedVersion, CancellationToken cancellationToken)
    {
        var stream = await streams.Load(appointmentId, cancellationToken) ?? throw new NotFoundException("Appointment", appointmentId);
        return expectedVersion is { } expected && expected != stream.Version
            ? throw new PreconditionFailedException($"The appointment is at version {stream.Version}, not {expected}; read it again and retry.")
            : stream;
    }

    public static async Task<Appointment> FindOrNotFound(this IAppointmentReadModels readModels, string appointmentId, CancellationToken cancellationToken) =>
        await readModels.Find(appointmentId, cancellationToken) ?? throw new NotFoundException("Appointment", appointmentId);

    /// <summary>Rule 3's first check: the window exists in the tenant (else 422 <c>window_not_found</c>); held until the commit.</summary>
    public static async Task<IWriteStream<AvailabilityWindow>> HoldOrUnprocessable(this IWindowBookings windows, string windowId, CancellationToken cancellationToken) =>
        await windows.HoldForBooking(windowId, cancellationToken)
        ?? throw DomainException.Unprocessable("window_not_found", $"Window '{windowId}' was not found.");

    /// <summary>Stages the decided events and returns the state they lead to: the command's response, with the stream's versions.</summary>
    public static Appointment AppendAndFold(this IWriteStream<Appointment> stream, IReadOnlyList<object> events)
    {
        stream.Append(events);
        return Appointment.Fold(stream.State, stream.Version, events);
    }
}

using FluentValidation;
using MediatR;
using NodaTime;
using Scheduling.Application.Availability;
using Scheduling.Application.Common.Persistence;
using Scheduling.Application.Common.Tenancy;
using Scheduling.Application.Common.Validation;
using Scheduling.Domain.Appointments;
using Scheduling.Domain.Availability;
using Scheduling.Domain.Common;

namespace Scheduling.Application.Appointments.Reschedule;

/// <summary><c>POST /v1/appointments/{id}/reschedule</c>: a scheduled appointment moves to another window.</summary>
public sealed record RescheduleAppointment(string AppointmentId, string WindowId, long? ExpectedVersion = null) : IRequest<Appointment>;

public sealed class RescheduleAppointmentValidator : AbstractValidator<RescheduleAppointment>
{
    public RescheduleAppointmentValidator() => RuleFor(c => c.WindowId).MustBeId(IdPrefix.Window, "windowId");
}

/// <summary>
/// Releases the old place and takes the new one in one transaction. Both windows are held (row locks) in id
/// order, so two reschedules crossing between the same windows queue instead of deadlocking.
/// </summary>
public sealed class RescheduleAppointmentHandler(
    ITenantContext tenant,
    IAppointmentStreams appointments,
    IWindowBookings windows,
    IUnitOfWork unitOfWork,
    IClock clock) : IRequestHandler<RescheduleAppointment, Appointment>
{
    public async Task<Appointment> Handle(RescheduleAppointment request, CancellationToken cancellationToken)
    {
        var stream = await appointments.LoadOrNotFound(request.AppointmentId, request.ExpectedVersion, cancellationToken);
        var fromId = stream.State.HeldWindowId;

        var held = new Dictionary<string, IWriteStream<AvailabilityWindow>>(StringComparer.Ordinal);
        foreach (var windowId in new[] { request.WindowId, fromId }.OfType<string>().Distinct().Order(StringComparer.Ordinal))
        {
            held[windowId] = windowId == request.WindowId
                ? await windows.HoldOrUnprocessable(windowId, cancellationToken)
                : await windows.HoldForBooking(windowId, cancellationToken) ?? throw new InvalidOperationException($"Window '{windowId}' of a scheduled appointment is missing.");
        }

        var now = clock.GetCurrentInstant();
        var to = held[request.WindowId];
        var (rescheduled, booking) = stream.State.Reschedule(to.State, tenant.Organisation.TimeZone, now);

        var appointment = stream.AppendAndFold([rescheduled]);
        var from = held[rescheduled.FromWindowId];
        if (from.State.Release(request.AppointmentId, now) is { } released)
        {
            from.Append([released]);
        }

        to.Append([booking]);
        await unitOfWork.Commit(cancellationToken);
        return appointment;
    }
}

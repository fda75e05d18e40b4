using FluentValidation;
using MediatR;
using NodaTime;
using Scheduling.Application.Availability;
using Scheduling.Application.Common.Persistence;
using Scheduling.Application.Common.Tenancy;
using Scheduling.Application.Common.Validation;
using Scheduling.Domain.Appointments;
using Scheduling.Domain.Common;

namespace Scheduling.Application.Appointments.Schedule;

/// <summary><c>POST /v1/appointments/{id}/schedule</c>: a patient-led appointment gets its window.</summary>
public sealed record ScheduleAppointment(string AppointmentId, string WindowId, long? ExpectedVersion = null) : IRequest<Appointment>;

public sealed class ScheduleAppointmentValidator : AbstractValidator<ScheduleAppointment>
{
    public ScheduleAppointmentValidator() => RuleFor(c => c.WindowId).MustBeId(IdPrefix.Window, "windowId");
}

/// <summary>
/// Appends the scheduling at the version it read (a concurrent change makes the commit fail with 409) and takes
/// the window place in the same transaction, under the window's lock.
/// </summary>
public sealed class ScheduleAppointmentHandler(
    ITenantContext tenant,
    IAppointmentStreams appointments,
    IWindowBookings windows,
    IUnitOfWork unitOfWork,
    IClock clock) : IRequestHandler<ScheduleAppointment, Appointment>
{
    public async Task<Appointment> Handle(ScheduleAppointment request, CancellationToken cancellationToken)
    {
        var stream = await appointments.LoadOrNotFound(request.AppointmentId, request.ExpectedVersion, cancellationToken);
        var window = await windows.HoldOrUnprocessable(request.WindowId, cancellationToken);

        var decision = stream.State.Schedule(window.State, tenant.Organisation.TimeZone, clock.GetCurrentInstant());

        var appointment = stream.AppendAndFold(decision.Events);
        window.Append([decision.Booking!]);
        await unitOfWork.Commit(cancellationToken);
        return appointment;
    }
}

using FluentValidation;
using MediatR;
using NodaTime;
using Scheduling.Application.Appointments.GetById;
using Scheduling.Application.Availability;
using Scheduling.Application.Common.Persistence;
using Scheduling.Application.Common.Tenancy;
using Scheduling.Application.Common.Validation;
using Scheduling.Domain.Common;

namespace Scheduling.Application.Appointments.Schedule;

/// <summary><c>POST /v1/appointments/{id}/schedule</c>: a patient-led appointment gets its window.</summary>
public sealed record ScheduleAppointment(string AppointmentId, string? WindowId) : IRequest<AppointmentDetails>;

public sealed class ScheduleAppointmentValidator : AbstractValidator<ScheduleAppointment>
{
    public ScheduleAppointmentValidator() => RuleFor(c => c.WindowId).RequiredId(IdPrefix.Window);
}

/// <summary>
/// Appends the scheduling at the version it read (a concurrent change makes the commit fail with 409) and takes
/// the window place in the same transaction, under the window's lock.
/// </summary>
public sealed class ScheduleAppointmentHandler(
    ITenantContext tenant,
    IAppointmentEvents appointments,
    IWindowBookings windows,
    IAppointmentReadModels readModels,
    IUnitOfWork unitOfWork,
    IClock clock) : IRequestHandler<ScheduleAppointment, AppointmentDetails>
{
    public async Task<AppointmentDetails> Handle(ScheduleAppointment request, CancellationToken cancellationToken)
    {
        var stream = await appointments.LoadOrNotFound(request.AppointmentId, cancellationToken);
        var window = await windows.HoldForBooking(request.WindowId!, cancellationToken)
            ?? throw DomainException.Unprocessable("window_not_found", $"Window '{request.WindowId}' was not found.");

        var decision = stream.State.Schedule(window, tenant.Organisation.TimeZone, clock.GetCurrentInstant());

        appointments.Append(request.AppointmentId, stream.Version, decision.Events);
        windows.Record(window.Id, decision.Booking!);
        await unitOfWork.Commit(cancellationToken);
        return await readModels.FindOrNotFound(request.AppointmentId, cancellationToken);
    }
}

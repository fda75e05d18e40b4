using FluentValidation;
using MediatR;
using NodaTime;
using Scheduling.Application.Availability;
using Scheduling.Application.Common.Persistence;
using Scheduling.Application.Common.Validation;
using Scheduling.Domain.Appointments;

namespace Scheduling.Application.Appointments.Cancel;

/// <summary><c>POST /v1/appointments/{id}/cancel</c>; the parties arrive as enums (the JSON converter refused anything else).</summary>
public sealed record CancelAppointment(
    string AppointmentId,
    string? Note,
    CancellationParty CausingEntity,
    CancellationParty CancellingEntity,
    string ReasonCode,
    long? ExpectedVersion = null) : IRequest<Appointment>;

public sealed class CancelAppointmentValidator : AbstractValidator<CancelAppointment>
{
    public CancelAppointmentValidator()
    {
        RuleFor(c => c.Note).Satisfies(Appointment.CheckNote);
        RuleFor(c => c.ReasonCode).Satisfies(Appointment.CheckReasonCode);
    }
}

/// <summary>Cancels once; when the appointment held a window place, gives it back in the same transaction.</summary>
public sealed class CancelAppointmentHandler(
    IAppointmentStreams appointments,
    IWindowBookings windows,
    IUnitOfWork unitOfWork,
    IClock clock) : IRequestHandler<CancelAppointment, Appointment>
{
    public async Task<Appointment> Handle(CancelAppointment request, CancellationToken cancellationToken)
    {
        var stream = await appointments.LoadOrNotFound(request.AppointmentId, request.ExpectedVersion, cancellationToken);
        var now = clock.GetCurrentInstant();

        var cancelled = stream.State.Cancel(request.Note, request.CausingEntity, request.CancellingEntity, request.ReasonCode, now);

        var appointment = stream.AppendAndFold([cancelled]);
        if (cancelled.ReleasedWindowId is { } windowId
            && await windows.HoldForBooking(windowId, cancellationToken) is { } window
            && window.State.Release(request.AppointmentId, now) is { } released)
        {
            window.Append([released]);
        }

        await unitOfWork.Commit(cancellationToken);
        return appointment;
    }
}

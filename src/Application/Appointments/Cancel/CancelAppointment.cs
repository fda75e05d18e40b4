using FluentValidation;
using MediatR;
using NodaTime;
using Scheduling.Application.Appointments.GetById;
using Scheduling.Application.Availability;
using Scheduling.Application.Common.Persistence;
using Scheduling.Domain.Appointments;

namespace Scheduling.Application.Appointments.Cancel;

/// <summary><c>POST /v1/appointments/{id}/cancel</c>.</summary>
public sealed record CancelAppointment(
    string AppointmentId,
    string? Note,
    string? CausingEntity,
    string? CancellingEntity,
    string? ReasonCode) : IRequest<AppointmentDetails>;

public sealed class CancelAppointmentValidator : AbstractValidator<CancelAppointment>
{
    public static readonly IReadOnlyDictionary<string, CancellationParty> Parties = new Dictionary<string, CancellationParty>(StringComparer.Ordinal)
    {
        ["patient"] = CancellationParty.Patient,
        ["organisation"] = CancellationParty.Organisation,
        ["provider"] = CancellationParty.Provider,
    };

    public CancelAppointmentValidator()
    {
        RuleFor(c => c.Note).MaximumLength(Appointment.MaxNoteLength);
        RuleFor(c => c.CausingEntity).NotEmpty().WithMessage("'{PropertyName}' is required.")
            .Must(Parties.ContainsKey!).WithMessage("'{PropertyName}' must be one of patient, organisation, provider.");
        RuleFor(c => c.CancellingEntity).NotEmpty().WithMessage("'{PropertyName}' is required.")
            .Must(Parties.ContainsKey!).WithMessage("'{PropertyName}' must be one of patient, organisation, provider.");
        RuleFor(c => c.ReasonCode).NotEmpty().WithMessage("'{PropertyName}' is required.")
            .Must(Appointment.IsReasonCode)
            .WithMessage($"'{{PropertyName}}' must be snake_case (a-z, 0-9, '_', starting with a letter), at most {Appointment.MaxReasonCodeLength} characters.");
    }
}

/// <summary>Cancels once; when the appointment held a window place, gives it back in the same transaction.</summary>
public sealed class CancelAppointmentHandler(
    IAppointmentEvents appointments,
    IWindowBookings windows,
    IAppointmentReadModels readModels,
    IUnitOfWork unitOfWork,
    IClock clock) : IRequestHandler<CancelAppointment, AppointmentDetails>
{
    public async Task<AppointmentDetails> Handle(CancelAppointment request, CancellationToken cancellationToken)
    {
        var stream = await appointments.LoadOrNotFound(request.AppointmentId, cancellationToken);
        var now = clock.GetCurrentInstant();

        var cancelled = stream.State.Cancel(
            request.Note,
            CancelAppointmentValidator.Parties[request.CausingEntity!],
            CancelAppointmentValidator.Parties[request.CancellingEntity!],
            request.ReasonCode!,
            now);

        appointments.Append(request.AppointmentId, stream.Version, [cancelled]);
        if (cancelled.ReleasedWindowId is { } windowId
            && await windows.HoldForBooking(windowId, cancellationToken) is { } window
            && window.Release(request.AppointmentId, now) is { } released)
        {
            windows.Record(windowId, released);
        }

        await unitOfWork.Commit(cancellationToken);
        return await readModels.FindOrNotFound(request.AppointmentId, cancellationToken);
    }
}

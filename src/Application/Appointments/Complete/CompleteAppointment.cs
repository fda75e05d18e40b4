using System.Text.Json;
using FluentValidation;
using MediatR;
using NodaTime;
using Scheduling.Application.Common.Persistence;
using Scheduling.Application.Common.Validation;
using Scheduling.Domain.Appointments;
using Scheduling.Domain.Common;

namespace Scheduling.Application.Appointments.Complete;

/// <summary><c>POST /v1/appointments/{id}/complete</c> (operations use): only from <c>scheduled</c>; optional visit results.</summary>
public sealed record CompleteAppointment(string AppointmentId, JsonElement? Data = null, string? Note = null, long? ExpectedVersion = null) : IRequest<Appointment>;

public sealed class CompleteAppointmentValidator : AbstractValidator<CompleteAppointment>
{
    public CompleteAppointmentValidator()
    {
        RuleFor(c => c.Note).Satisfies(Appointment.CheckNote);
        RuleFor(c => c.Data).Satisfies(data => Metadata.Check(data!.Value, "data")).When(c => c.Data is { ValueKind: not JsonValueKind.Null });
    }
}

public sealed class CompleteAppointmentHandler(
    IAppointmentStreams appointments,
    IUnitOfWork unitOfWork,
    IClock clock) : IRequestHandler<CompleteAppointment, Appointment>
{
    public async Task<Appointment> Handle(CompleteAppointment request, CancellationToken cancellationToken)
    {
        var stream = await appointments.LoadOrNotFound(request.AppointmentId, request.ExpectedVersion, cancellationToken);

        var completed = stream.State.Complete(clock.GetCurrentInstant(), Metadata.From(request.Data, "data"), request.Note);

        var appointment = stream.AppendAndFold([completed]);
        await unitOfWork.Commit(cancellationToken);
        return appointment;
    }
}

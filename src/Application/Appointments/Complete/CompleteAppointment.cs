using MediatR;
using NodaTime;
using Scheduling.Application.Common.Persistence;
using Scheduling.Domain.Appointments;

namespace Scheduling.Application.Appointments.Complete;

/// <summary><c>POST /v1/appointments/{id}/complete</c> (operations use): only from <c>scheduled</c>.</summary>
public sealed record CompleteAppointment(string AppointmentId) : IRequest<Appointment>;

public sealed class CompleteAppointmentHandler(
    IAppointmentStreams appointments,
    IUnitOfWork unitOfWork,
    IClock clock) : IRequestHandler<CompleteAppointment, Appointment>
{
    public async Task<Appointment> Handle(CompleteAppointment request, CancellationToken cancellationToken)
    {
        var stream = await appointments.LoadOrNotFound(request.AppointmentId, cancellationToken);

        var appointment = stream.AppendAndFold([stream.State.Complete(clock.GetCurrentInstant())]);
        await unitOfWork.Commit(cancellationToken);
        return appointment;
    }
}

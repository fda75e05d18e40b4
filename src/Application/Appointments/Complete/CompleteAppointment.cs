using MediatR;
using NodaTime;
using Scheduling.Application.Appointments.GetById;
using Scheduling.Application.Common.Persistence;

namespace Scheduling.Application.Appointments.Complete;

/// <summary><c>POST /v1/appointments/{id}/complete</c> (operations use): only from <c>scheduled</c>.</summary>
public sealed record CompleteAppointment(string AppointmentId) : IRequest<AppointmentDetails>;

public sealed class CompleteAppointmentHandler(
    IAppointmentEvents appointments,
    IAppointmentReadModels readModels,
    IUnitOfWork unitOfWork,
    IClock clock) : IRequestHandler<CompleteAppointment, AppointmentDetails>
{
    public async Task<AppointmentDetails> Handle(CompleteAppointment request, CancellationToken cancellationToken)
    {
        var stream = await appointments.LoadOrNotFound(request.AppointmentId, cancellationToken);

        appointments.Append(request.AppointmentId, stream.Version, [stream.State.Complete(clock.GetCurrentInstant())]);
        await unitOfWork.Commit(cancellationToken);
        return await readModels.FindOrNotFound(request.AppointmentId, cancellationToken);
    }
}

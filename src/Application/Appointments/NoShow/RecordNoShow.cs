using MediatR;
using NodaTime;
using Scheduling.Application.Common.Persistence;
using Scheduling.Domain.Appointments;

namespace Scheduling.Application.Appointments.NoShow;

/// <summary><c>POST /v1/appointments/{id}/no-show</c> (operations use): only from <c>scheduled</c>, once the window has started.</summary>
public sealed record RecordNoShow(string AppointmentId, long? ExpectedVersion = null) : IRequest<Appointment>;

/// <summary>The window place stays taken: the visit's time was used.</summary>
public sealed class RecordNoShowHandler(IAppointmentStreams appointments, IUnitOfWork unitOfWork, IClock clock) : IRequestHandler<RecordNoShow, Appointment>
{
    public async Task<Appointment> Handle(RecordNoShow request, CancellationToken cancellationToken)
    {
        var stream = await appointments.LoadOrNotFound(request.AppointmentId, request.ExpectedVersion, cancellationToken);

        var appointment = stream.AppendAndFold([stream.State.NoShow(clock.GetCurrentInstant())]);
        await unitOfWork.Commit(cancellationToken);
        return appointment;
    }
}

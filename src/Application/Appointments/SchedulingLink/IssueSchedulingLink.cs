using MediatR;
using NodaTime;
using Scheduling.Application.Common.Persistence;
using Scheduling.Domain.Appointments;

namespace Scheduling.Application.Appointments.SchedulingLink;

/// <summary><c>POST /v1/appointments/{id}/scheduling-link</c>: a fresh booking-page link; every older one stops working.</summary>
public sealed record IssueSchedulingLink(string AppointmentId, long? ExpectedVersion = null) : IRequest<Appointment>;

public sealed class IssueSchedulingLinkHandler(IAppointmentStreams appointments, IUnitOfWork unitOfWork, IClock clock)
    : IRequestHandler<IssueSchedulingLink, Appointment>
{
    public async Task<Appointment> Handle(IssueSchedulingLink request, CancellationToken cancellationToken)
    {
        var stream = await appointments.LoadOrNotFound(request.AppointmentId, request.ExpectedVersion, cancellationToken);
        var issued = stream.State.IssueSchedulingLink(clock.GetCurrentInstant());
        var appointment = stream.AppendAndFold([issued]);
        await unitOfWork.Commit(cancellationToken);
        return appointment;
    }
}

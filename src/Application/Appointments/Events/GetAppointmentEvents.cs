using MediatR;
using NodaTime;
using Scheduling.Application.Common.Audit;
using Scheduling.Application.Common.Exceptions;

namespace Scheduling.Application.Appointments.Events;

/// <summary>One entry of the audit trail, straight from the event stream.</summary>
public sealed record AuditEntry(long Version, string Type, Instant OccurredAt, Actor? Actor, string? CorrelationId, object Data);

/// <summary><c>GET /v1/appointments/{id}/events</c>: the stream's events, oldest first.</summary>
public sealed record GetAppointmentEvents(string AppointmentId) : IRequest<IReadOnlyList<AuditEntry>>;

public interface IAppointmentAuditTrail
{
    /// <summary>The events of the appointment's stream in the caller's tenant; empty when there is no such stream.</summary>
    Task<IReadOnlyList<AuditEntry>> Read(string appointmentId, CancellationToken cancellationToken);
}

public sealed class GetAppointmentEventsHandler(IAppointmentAuditTrail auditTrail) : IRequestHandler<GetAppointmentEvents, IReadOnlyList<AuditEntry>>
{
    public async Task<IReadOnlyList<AuditEntry>> Handle(GetAppointmentEvents request, CancellationToken cancellationToken)
    {
        var entries = await auditTrail.Read(request.AppointmentId, cancellationToken);
        return entries.Count > 0 ? entries : throw new NotFoundException("Appointment", request.AppointmentId);
    }
}

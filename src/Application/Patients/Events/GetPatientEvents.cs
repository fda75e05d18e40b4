using MediatR;
using Scheduling.Application.Appointments.Events;
using Scheduling.Application.Common.Exceptions;

namespace Scheduling.Application.Patients.Events;

/// <summary><c>GET /v1/patients/{id}/events</c>: who registered and changed the patient, when, and which fields (never values).</summary>
public sealed record GetPatientEvents(string PatientId) : IRequest<IReadOnlyList<AuditEntry>>;

public sealed class GetPatientEventsHandler(IPatients patients) : IRequestHandler<GetPatientEvents, IReadOnlyList<AuditEntry>>
{
    public async Task<IReadOnlyList<AuditEntry>> Handle(GetPatientEvents request, CancellationToken cancellationToken)
    {
        var entries = await patients.Trail(request.PatientId, cancellationToken);
        return entries.Count > 0 ? entries : throw new NotFoundException("Patient", request.PatientId);
    }
}

using Marten;
using Scheduling.Application.Appointments.Events;
using Scheduling.Domain.Common;
using Scheduling.Infrastructure.Persistence;

namespace Scheduling.Infrastructure.Appointments.Events;

public sealed class MartenAppointmentAuditTrail(TenantSession tenantSession) : IAppointmentAuditTrail
{
    public async Task<IReadOnlyList<AuditEntry>> Read(string appointmentId, CancellationToken cancellationToken)
    {
        // Only appointment streams: a window id must not reveal the window's stream here.
        if (!EntityId.IsValid(appointmentId, IdPrefix.Appointment))
        {
            return [];
        }

        var events = await tenantSession.Session.Events.FetchStreamAsync(appointmentId, token: cancellationToken);
        return [.. events.Select(EventMetadata.ToAuditEntry)];
    }
}

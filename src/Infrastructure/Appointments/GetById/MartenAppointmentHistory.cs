using Marten;
using NodaTime;
using Scheduling.Application.Appointments.GetById;
using Scheduling.Domain.Appointments;
using Scheduling.Domain.Common;
using Scheduling.Infrastructure.Persistence;

namespace Scheduling.Infrastructure.Appointments.GetById;

/// <summary>As-of reads: the stream's events up to a version or a time, folded exactly as the inline projection folds them.</summary>
public sealed class MartenAppointmentHistory(TenantSession tenantSession) : IAppointmentHistory
{
    public async Task<Appointment?> Fold(string appointmentId, Instant? asOf, long? version, CancellationToken cancellationToken)
    {
        if (!EntityId.IsValid(appointmentId, IdPrefix.Appointment))
        {
            return null;
        }

        var events = await tenantSession.Session.Events.FetchStreamAsync(
            appointmentId, version ?? 0, asOf?.ToDateTimeOffset(), token: cancellationToken);
        return events.Aggregate((Appointment?)null, (state, e) => AppointmentProjection.Fold(state, e));
    }
}

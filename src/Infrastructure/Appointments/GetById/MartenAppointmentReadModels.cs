using Marten;
using Scheduling.Application.Appointments.GetById;
using Scheduling.Infrastructure.Persistence;

namespace Scheduling.Infrastructure.Appointments.GetById;

public sealed class MartenAppointmentReadModels(TenantSession tenantSession) : IAppointmentReadModels
{
    public Task<AppointmentDetails?> Find(string appointmentId, CancellationToken cancellationToken) =>
        tenantSession.Session.LoadAsync<AppointmentDetails>(appointmentId, cancellationToken);
}

using Marten;
using Scheduling.Application.Appointments;
using Scheduling.Domain.Appointments;
using Scheduling.Infrastructure.Persistence;

namespace Scheduling.Infrastructure.Appointments.GetById;

public sealed class MartenAppointmentReadModels(TenantSession tenantSession) : IAppointmentReadModels
{
    public Task<Appointment?> Find(string appointmentId, CancellationToken cancellationToken) =>
        tenantSession.Session.LoadAsync<Appointment>(appointmentId, cancellationToken);
}

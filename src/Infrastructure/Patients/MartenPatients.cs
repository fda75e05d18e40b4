using Marten;
using Scheduling.Application.Patients;
using Scheduling.Domain.Patients;
using Scheduling.Infrastructure.Persistence;

namespace Scheduling.Infrastructure.Patients;

public sealed class MartenPatients(TenantSession tenantSession) : IPatients
{
    public Task<Patient?> Find(string patientId, CancellationToken cancellationToken) =>
        tenantSession.Session.LoadAsync<Patient>(patientId, cancellationToken);

    public Task<bool> Exists(string patientId, CancellationToken cancellationToken) =>
        tenantSession.Session.Query<Patient>().AnyAsync(p => p.Id == patientId, cancellationToken);

    public void Add(Patient patient) => tenantSession.Session.Store(patient);
}

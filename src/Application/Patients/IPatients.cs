using Scheduling.Domain.Patients;

namespace Scheduling.Application.Patients;

/// <summary>The patients of the caller's tenant.</summary>
public interface IPatients
{
    Task<Patient?> Find(string patientId, CancellationToken cancellationToken);

    Task<bool> Exists(string patientId, CancellationToken cancellationToken);

    void Add(Patient patient);
}

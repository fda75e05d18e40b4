using Scheduling.Domain.Appointments;
using Scheduling.Domain.Patients;

namespace Scheduling.Application.Patients.Erase;

/// <summary>
/// Stages, on the request's unit of work (one transaction), the erasure of a patient's personal data from every place
/// the service keeps it: the patient document and its audit stream (plus <see cref="PatientErased"/>), every event of
/// the patient's appointments (Marten's masking rules, from <see cref="PersonalData"/>) and their read models folded
/// again, stored idempotent responses and webhook delivery bodies.
/// </summary>
public interface IPatientErasure
{
    Task Stage(PatientForUpdate loaded, Patient erased, PatientErased? erasedEvent, CancellationToken cancellationToken);
}

/// <summary>The API's JSON for a resource, written by the edge that owns the representations: rewrites stored copies of earlier responses.</summary>
public interface IResourceBodies
{
    string Patient(Patient patient);

    string Appointment(Appointment appointment);
}

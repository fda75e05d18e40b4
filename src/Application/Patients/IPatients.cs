using Scheduling.Application.Appointments.Events;
using Scheduling.Application.Common.Listing;
using Scheduling.Domain.Common;
using Scheduling.Domain.Patients;

namespace Scheduling.Application.Patients;

/// <summary>
/// The patients of the caller's tenant: the current document (personal data, correctable and erasable) and its
/// audit stream (who changed which fields, when; no values). Writes are staged and committed by the unit of work,
/// document and stream in one transaction.
/// </summary>
public interface IPatients
{
    Task<Patient?> Find(string patientId, CancellationToken cancellationToken);

    Task<bool> Exists(string patientId, CancellationToken cancellationToken);

    /// <summary>
    /// Checks at the commit, in the same batch and transaction as the write, that the patient exists in the tenant:
    /// no round trip of its own. When it does not, the commit writes nothing and fails with
    /// <see cref="PatientNotFound"/>'s 422.
    /// </summary>
    void RequireAtCommit(string patientId);

    /// <summary>Stores the new patient and starts its audit stream.</summary>
    void Add(Patient patient, PatientRegistered registered);

    /// <summary>The patient for a change, with the audit stream's version read now; null when it does not exist.</summary>
    Task<PatientForUpdate?> Load(string patientId, CancellationToken cancellationToken);

    /// <summary>Stores the changed patient and appends the change; the commit fails (409) if another change got there first.</summary>
    void Update(PatientForUpdate loaded, Patient changed, PatientUpdated change);

    /// <summary>The audit stream, oldest first; empty when there is no such patient.</summary>
    Task<IReadOnlyList<AuditEntry>> Trail(string patientId, CancellationToken cancellationToken);

    /// <summary>At most <c>query.Limit</c> patients, newest first, after the cursor.</summary>
    Task<IReadOnlyList<Patient>> List(ListQuery query, CancellationToken cancellationToken);
}

/// <summary>A patient loaded for a change and the audit version it was read at.</summary>
public sealed record PatientForUpdate(Patient Patient, long Version);

/// <summary>The one 422 for a patient that is not in the caller's tenant.</summary>
public static class PatientNotFound
{
    public const string Code = "patient_not_found";

    public static DomainException For(string patientId) =>
        DomainException.Unprocessable(Code, $"Patient '{patientId}' was not found.");
}

using Marten;
using Scheduling.Application.Appointments.Events;
using Scheduling.Application.Common.Listing;
using Scheduling.Application.Common.Tenancy;
using Scheduling.Application.Patients;
using Scheduling.Domain.Common;
using Scheduling.Domain.Patients;
using Scheduling.Infrastructure.Persistence;

namespace Scheduling.Infrastructure.Patients;

/// <summary>
/// Patients over Marten: the <see cref="Patient"/> document (current values) and the patient's audit stream (same id,
/// events without personal data), staged on the request's session so one SaveChanges commits both.
/// </summary>
public sealed class MartenPatients(TenantSession tenantSession, ITenantContext tenant) : IPatients
{
    public const string Table = DependencyInjection.SchemaName + ".mt_doc_patient";

    public Task<Patient?> Find(string patientId, CancellationToken cancellationToken) =>
        tenantSession.Session.LoadAsync<Patient>(patientId, cancellationToken);

    public Task<bool> Exists(string patientId, CancellationToken cancellationToken) =>
        tenantSession.Session.Query<Patient>().AnyAsync(p => p.Id == patientId, cancellationToken);

    public void RequireAtCommit(string patientId) =>
        tenantSession.Session.QueueSqlCommand(PatientGuard.Call, tenant.TenantId, patientId);

    public void Add(Patient patient, PatientRegistered registered)
    {
        tenantSession.Session.Store(patient);
        tenantSession.Session.Events.StartStream(patient.Id, registered);
    }

    public async Task<PatientForUpdate?> Load(string patientId, CancellationToken cancellationToken)
    {
        if (await Find(patientId, cancellationToken) is not { } patient)
        {
            return null;
        }

        var state = await tenantSession.Session.Events.FetchStreamStateAsync(patientId, cancellationToken);
        return new PatientForUpdate(patient, state?.Version ?? 0);
    }

    public void Update(PatientForUpdate loaded, Patient changed, PatientUpdated change)
    {
        tenantSession.Session.Store(changed);
        if (loaded.Version == 0)
        {
            // A patient stored before patients had an audit stream: its trail starts with this change.
            tenantSession.Session.Events.StartStream(changed.Id, change);
        }
        else
        {
            // Expected version: a concurrent change of the same patient fails the commit (409 concurrency_conflict).
            tenantSession.Session.Events.Append(changed.Id, loaded.Version + 1, change);
        }
    }

    public async Task<IReadOnlyList<AuditEntry>> Trail(string patientId, CancellationToken cancellationToken)
    {
        // Only patient streams: an appointment or window id must not reveal its stream here.
        if (!EntityId.IsValid(patientId, IdPrefix.Patient))
        {
            return [];
        }

        var events = await tenantSession.Session.Events.FetchStreamAsync(patientId, token: cancellationToken);
        return [.. events.Select(EventMetadata.ToAuditEntry)];
    }

    public async Task<IReadOnlyList<Patient>> List(ListQuery query, CancellationToken cancellationToken)
    {
        return await ListSql.Run<Patient>(tenantSession.Session, BuildSql(query, tenant.TenantId), cancellationToken);
    }

    public static ListStatements BuildSql(ListQuery query, string tenantId) =>
        ListSql.Build(Table, tenantId, query, (sql, filter) =>
        {
            if (filter is ContainsFilter { Field: FilterField.Name } name)
            {
                sql.And(NameContains(string.Empty), [.. NameContainsValues(name.Value)]);
            }
            else
            {
                sql.Standard(filter, Column(filter.Field));
            }
        });

    /// <summary>
    /// Case-insensitive contains on the first or the last name (of the patient row <paramref name="qualifier"/>, e.g. <c>p.</c>),
    /// in the exact form <c>ix_patients_name_trgm</c> indexes; takes the two values of <see cref="NameContainsValues"/>.
    /// </summary>
    public static string NameContains(string qualifier) =>
        $"({qualifier}data ->> 'firstName') ilike ? or ({qualifier}data ->> 'lastName') ilike ?";

    public static object[] NameContainsValues(string value)
    {
        var pattern = ListSql.ContainsPattern(value);
        return [pattern, pattern];
    }

    private static string Column(FilterField field) => field switch
    {
        FilterField.ExternalRef => "data ->> 'externalRef'",
        FilterField.NhsNumber => "data ->> 'nhsNumber'",
        FilterField.CreatedAt => ListSql.CreatedAt,
        FilterField.UpdatedAt => ListSql.UpdatedAt,
        _ => throw new ArgumentOutOfRangeException(nameof(field)),
    };
}

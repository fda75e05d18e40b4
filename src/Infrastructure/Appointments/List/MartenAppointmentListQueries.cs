using Marten;
using Scheduling.Application.Appointments.List;
using Scheduling.Application.Common.Listing;
using Scheduling.Application.Common.Tenancy;
using Scheduling.Domain.Appointments;
using Scheduling.Infrastructure.Patients;
using Scheduling.Infrastructure.Persistence;

namespace Scheduling.Infrastructure.Appointments.List;

/// <summary>
/// Turns typed filters into one parameterised SQL query over the appointment read-model table (<see cref="ListSql"/>).
/// <c>patient.name</c> joins the patients' table, so it always sees the patient's current name
/// (docs/adr/0005-patients-current-name-and-audit.md). See docs/queries.md for which index serves which filter.
/// </summary>
public sealed class MartenAppointmentListQueries(TenantSession tenantSession, ITenantContext tenant) : IAppointmentListQueries
{
    public const string Table = DependencyInjection.SchemaName + ".mt_doc_appointmentdetails";
    public const string CreatedAt = ListSql.CreatedAt;
    public const string UpdatedAt = ListSql.UpdatedAt;
    public const string PatientId = "data -> 'patient' ->> 'id'";

    public async Task<IReadOnlyList<Appointment>> List(ListQuery query, CancellationToken cancellationToken)
    {
        return await ListSql.Run<Appointment>(tenantSession.Session, BuildSql(query, tenant.TenantId), cancellationToken);
    }

    public static ListStatements BuildSql(ListQuery query, string tenantId) =>
        ListSql.Build(Table, tenantId, query, (sql, filter) =>
        {
            if (filter is ContainsFilter { Field: FilterField.PatientName } name)
            {
                // The tenant's patients whose current name matches, then their appointments (ix_appointments_patient).
                sql.And($"{PatientId} in (select p.id from {MartenPatients.Table} p where p.tenant_id = ? and {MartenPatients.NameContains("p.")})", [tenantId, .. MartenPatients.NameContainsValues(name.Value)]);
            }
            else
            {
                sql.Standard(filter, Column(filter.Field));
            }
        });

    private static string Column(FilterField field) => field switch
    {
        FilterField.ExternalRef => "data ->> 'externalRef'",
        FilterField.Status => "data ->> 'status'",
        FilterField.TaskId => "data ->> 'taskId'",
        FilterField.PatientId => PatientId,
        FilterField.CreatedAt => CreatedAt,
        FilterField.UpdatedAt => UpdatedAt,
        _ => throw new ArgumentOutOfRangeException(nameof(field)),
    };
}

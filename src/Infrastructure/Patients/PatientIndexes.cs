using Marten;
using Scheduling.Domain.Patients;
using Scheduling.Infrastructure.Persistence;

namespace Scheduling.Infrastructure.Patients;

/// <summary>
/// Indexes of the patient documents, each led by tenant_id, on exactly the expressions <see cref="MartenPatients"/>
/// writes. The trigram (GIN, pg_trgm) ones serve <c>~</c>; <c>btree_gin</c> lets them lead with the tenant.
/// docs/queries.md lists which index serves which filter; QueryPlanTests checks the plans.
/// </summary>
public static class PatientIndexes
{
    public static readonly IReadOnlyList<ReadModelIndex> All =
    [
        new("ix_patients_created", MartenPatients.Table, $"(tenant_id, {ListSql.CreatedAt} desc, id desc)"),
        new("ix_patients_updated", MartenPatients.Table, $"(tenant_id, {ListSql.UpdatedAt})"),
        new("ix_patients_external_ref", MartenPatients.Table, $"(tenant_id, (data ->> 'externalRef'), {ListSql.CreatedAt} desc, id desc)"),
        new("ix_patients_nhs_number", MartenPatients.Table, $"(tenant_id, (data ->> 'nhsNumber'), {ListSql.CreatedAt} desc, id desc)"),
        new("ix_patients_name_trgm", MartenPatients.Table, "using gin (tenant_id, (data ->> 'firstName') gin_trgm_ops, (data ->> 'lastName') gin_trgm_ops) with (fastupdate = off)"),
        new("ix_patients_external_ref_trgm", MartenPatients.Table, "using gin (tenant_id, (data ->> 'externalRef') gin_trgm_ops) with (fastupdate = off)"),
    ];

    public static void Configure(StoreOptions options)
    {
        var patients = options.Schema.For<Patient>();
        foreach (var index in All)
        {
            patients.IgnoreIndex(index.Name);
        }
    }
}

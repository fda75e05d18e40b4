using Marten;
using Scheduling.Domain.Appointments;
using Scheduling.Infrastructure.Persistence;

namespace Scheduling.Infrastructure.Appointments.List;

/// <summary>
/// Indexes of the appointment read model, each led by tenant_id (every query is tenant-scoped) and built on
/// exactly the expressions <see cref="MartenAppointmentListQueries"/> writes, so the planner can use them.
/// Created by <see cref="ReadModelIndexes"/> after Marten has applied its schema; Marten is told to leave them alone.
/// docs/queries.md lists which index serves which filter; QueryPlanTests checks the plans.
/// </summary>
public static class AppointmentIndexes
{
    private const string Table = MartenAppointmentListQueries.Table;
    private const string Created = MartenAppointmentListQueries.CreatedAt;

    public static readonly IReadOnlyList<ReadModelIndex> All =
    [
        new("ix_appointments_external_ref", Table, $"(tenant_id, (data ->> 'externalRef'), {Created} desc, id desc)"),
        new("ix_appointments_patient", Table, $"(tenant_id, (data -> 'patient' ->> 'id'), {Created} desc, id desc)"),
        new("ix_appointments_task", Table, $"(tenant_id, (data ->> 'taskId'), {Created} desc, id desc)"),
        new("ix_appointments_status_created", Table, $"(tenant_id, (data ->> 'status'), {Created} desc, id desc)"),
        new("ix_appointments_created", Table, $"(tenant_id, {Created} desc, id desc)"),
        new("ix_appointments_updated", Table, $"(tenant_id, {MartenAppointmentListQueries.UpdatedAt})"),
        new("ix_appointments_external_ref_trgm", Table, "using gin (tenant_id, (data ->> 'externalRef') gin_trgm_ops) with (fastupdate = off)"),
    ];

    public static void Configure(StoreOptions options)
    {
        // The read model keeps its table name (mt_doc_appointmentdetails) from before it became the aggregate's document.
        var details = options.Schema.For<Appointment>().DocumentAlias("appointmentdetails");
        foreach (var index in All)
        {
            details.IgnoreIndex(index.Name);
        }
    }
}

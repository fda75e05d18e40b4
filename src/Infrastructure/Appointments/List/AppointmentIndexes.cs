using Marten;
using Microsoft.Extensions.Hosting;
using Scheduling.Domain.Appointments;

namespace Scheduling.Infrastructure.Appointments.List;

/// <summary>
/// Indexes of the appointment read model, each led by tenant_id (every query is tenant-scoped) and built on
/// exactly the expressions <see cref="MartenAppointmentListQueries"/> writes, so the planner can use them.
/// Marten's computed indexes would index instants as text, so these are created here, after Marten has applied
/// its schema, and Marten is told to leave them alone. docs/queries.md lists which index serves which filter;
/// QueryPlanTests checks the plans.
/// </summary>
public sealed class AppointmentIndexes(IDocumentStore store) : IHostedService
{
    private const string Created = MartenAppointmentListQueries.CreatedAt;

    public static readonly IReadOnlyDictionary<string, string> Definitions = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["ix_appointments_external_ref"] = $"(tenant_id, (data ->> 'externalRef'), {Created} desc, id desc)",
        ["ix_appointments_patient"] = $"(tenant_id, (data -> 'patient' ->> 'id'), {Created} desc, id desc)",
        ["ix_appointments_task"] = $"(tenant_id, (data ->> 'taskId'), {Created} desc, id desc)",
        ["ix_appointments_status_created"] = $"(tenant_id, (data ->> 'status'), {Created} desc, id desc)",
        ["ix_appointments_created"] = $"(tenant_id, {Created} desc, id desc)",
        ["ix_appointments_updated"] = $"(tenant_id, {MartenAppointmentListQueries.UpdatedAt})",
    };

    public static void Configure(StoreOptions options)
    {
        // The read model keeps its table name (mt_doc_appointmentdetails) from before it became the aggregate's document.
        var details = options.Schema.For<Appointment>().DocumentAlias("appointmentdetails");
        foreach (var name in Definitions.Keys)
        {
            details.IgnoreIndex(name);
        }
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(cancellationToken);
        foreach (var (name, columns) in Definitions)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"create index if not exists {name} on {MartenAppointmentListQueries.Table} {columns}";
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        // The tenant event feed (GET /v1/events) reads one tenant's events in sequence order.
        await using var feed = connection.CreateCommand();
        feed.CommandText = $"create index if not exists ix_events_tenant_sequence on {DependencyInjection.SchemaName}.mt_events (tenant_id, seq_id)";
        await feed.ExecuteNonQueryAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

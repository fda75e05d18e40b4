using Marten;
using Microsoft.Extensions.Hosting;
using Scheduling.Infrastructure.Appointments.List;
using Scheduling.Infrastructure.Patients;

namespace Scheduling.Infrastructure.Persistence;

/// <summary>An index of a read-model table: its name and what follows <c>on table</c> (columns, or <c>using gin (…)</c>).</summary>
public sealed record ReadModelIndex(string Name, string Table, string Definition);

/// <summary>
/// Creates the list indexes after Marten has applied its schema (Marten would index NodaTime instants as text, and
/// has no trigram indexes), with the extensions they need. Marten is told to leave them alone.
/// </summary>
public sealed class ReadModelIndexes(IDocumentStore store) : IHostedService
{
    public static IEnumerable<ReadModelIndex> All => AppointmentIndexes.All.Concat(PatientIndexes.All).Concat(EventIndexes);

    /// <summary>The tenant event feed (GET /v1/events) reads one tenant's events in sequence order.</summary>
    private static readonly ReadModelIndex[] EventIndexes =
        [new("ix_events_tenant_sequence", $"{DependencyInjection.SchemaName}.mt_events", "(tenant_id, seq_id)")];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(cancellationToken);
        foreach (var statement in Statements())
        {
            await using var command = connection.CreateCommand();
            command.CommandText = statement;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public static IEnumerable<string> Statements() =>
    [
        // Trigram operator classes for '~', and btree_gin so a GIN index can lead with tenant_id. The GIN indexes are
        // built with fastupdate off: no pending list for searches to wade through, so '~' reads stay predictable.
        "create extension if not exists pg_trgm",
        "create extension if not exists btree_gin",
        .. All.Select(index => $"create index if not exists {index.Name} on {index.Table} {index.Definition}"),
        // Not an index, but needs the patient table Marten has just created: the create path's patient check.
        PatientGuard.Create,
    ];
}

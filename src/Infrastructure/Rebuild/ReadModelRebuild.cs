using System.Collections.Concurrent;
using System.Diagnostics;
using Marten;
using Marten.Events;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace Scheduling.Infrastructure.Rebuild;

/// <summary>What one rebuild did: events read, documents written per table, and where the time went.</summary>
public sealed record RebuildReport(long Events, IReadOnlyDictionary<string, long> Documents, TimeSpan Fold, TimeSpan Indexes, TimeSpan Swap, TimeSpan Total);

/// <summary>
/// Rebuilds every projected read model (<see cref="RebuiltReadModels"/>) from the event store in bulk, instead of
/// Marten's per-row upserts: one server-side cursor over the events in stream order, each stream folded with its
/// projection's own function, the documents streamed with binary COPY into a fresh table shaped like the live one
/// (no indexes yet), then the live table's indexes built on it, and the fresh table swapped in under the live
/// name in one short transaction. Readers keep the old documents until that commit and then see only the new ones;
/// writers of these tables wait from the start (a SHARE lock), so no write can land in the old table after its
/// events were read and be lost. docs/performance.md (rebuild) and docs/queries.md describe it.
/// </summary>
public sealed class ReadModelRebuild(IDocumentStore store, ILogger<ReadModelRebuild> logger)
{
    private const string Suffix = "_rb";

    /// <summary>
    /// Index builds at once: one per core (at least two), each mostly one sort on one core; at most eight, so they,
    /// the guard and the table writers fit the service's default pool of 20 (docs/operations.md, "Connections").
    /// </summary>
    private static readonly int IndexBuilders = Math.Clamp(Environment.ProcessorCount, 2, 8);
    private static readonly string[] WrittenColumns = ["tenant_id", "id", "data", "mt_dotnet_type", "mt_version"];

    public async Task<RebuildReport> Run(CancellationToken cancellationToken)
    {
        var total = Stopwatch.StartNew();
        var options = store.Options;
        var serializer = options.Serializer();
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();

        var tables = RebuiltReadModels.All.Select(model => Target.For(model, options)).ToList();
        // The stored type names, as mapped in DependencyInjection.ConfigureStore.
        var names = options.Events.AllKnownEventTypes().ToDictionary(e => e.EventType, e => e.EventTypeName);
        var byEventName = new Dictionary<string, (Target Table, Type EventType)>(StringComparer.Ordinal);
        foreach (var table in tables)
        {
            foreach (var eventType in table.Model.EventTypes)
            {
                byEventName.Add(names[eventType], (table, eventType));
            }
        }

        // Writers of the live tables wait from here to the swap; readers carry on. Taken before the events are read,
        // so every event a writer committed is either read below or waits with its document write for the swap.
        await using var guard = await Open(cancellationToken);
        await using var swap = await guard.BeginTransactionAsync(cancellationToken);
        await Execute(guard, $"lock table {string.Join(", ", tables.Select(t => t.Live))} in share mode", cancellationToken);

        var writers = new List<(Target Table, NpgsqlConnection Connection, NpgsqlTransaction Transaction, NpgsqlBinaryImporter Importer)>();
        long events = 0;
        var fold = Stopwatch.StartNew();
        try
        {
            foreach (var table in tables)
            {
                var connection = await Open(cancellationToken);
                // Created and filled in one transaction, so COPY may write the rows frozen: nothing is left for the
                // index builds and the first readers to hint or vacuum.
                var transaction = await connection.BeginTransactionAsync(cancellationToken);
                await PrepareFreshTable(connection, table, cancellationToken);
                var importer = await connection.BeginBinaryImportAsync(
                    $"copy {table.Fresh} ({string.Join(", ", WrittenColumns)}) from stdin (format binary, freeze)", cancellationToken);
                writers.Add((table, connection, transaction, importer));
            }

            var importers = writers.ToDictionary(w => w.Table, w => w.Importer);
            events = await FoldEvents(byEventName, importers, serializer, cancellationToken);
            foreach (var writer in writers)
            {
                writer.Table.Written = (long)await writer.Importer.CompleteAsync(cancellationToken);
                await writer.Importer.DisposeAsync();
                await writer.Transaction.CommitAsync(cancellationToken);
            }

            fold.Stop();
            logger.LogInformation("Rebuild: {Events} events folded into {Documents} documents in {Seconds:F1} s",
                events, tables.Sum(t => t.Written), fold.Elapsed.TotalSeconds);

            var indexes = Stopwatch.StartNew();
            await BuildIndexes(tables, cancellationToken);
            indexes.Stop();
            logger.LogInformation("Rebuild: indexes built in {Seconds:F1} s", indexes.Elapsed.TotalSeconds);

            var swapping = Stopwatch.StartNew();
            await Swap(guard, tables, cancellationToken);
            await swap.CommitAsync(cancellationToken);
            swapping.Stop();
            total.Stop();
            logger.LogInformation("Rebuild: swapped in {Seconds:F2} s; {Total:F1} s in all", swapping.Elapsed.TotalSeconds, total.Elapsed.TotalSeconds);
            return new RebuildReport(events, tables.ToDictionary(t => t.Live, t => t.Written), fold.Elapsed, indexes.Elapsed, swapping.Elapsed, total.Elapsed);
        }
        catch
        {
            // Nothing changed (the swap is all or nothing); do not leave a copy of the documents behind. The
            // writers' transactions (which may still hold the fresh tables) are rolled back first.
            await Release(writers);
            await using var cleanup = await Open(CancellationToken.None);
            await Execute(cleanup, $"drop table if exists {string.Join(", ", tables.Select(t => t.Fresh))}", CancellationToken.None);
            throw;
        }
        finally
        {
            await Release(writers);
        }
    }

    private static async Task Release(List<(Target Table, NpgsqlConnection Connection, NpgsqlTransaction Transaction, NpgsqlBinaryImporter Importer)> writers)
    {
        foreach (var writer in writers)
        {
            await writer.Importer.DisposeAsync();
            await writer.Transaction.DisposeAsync();
            await writer.Connection.DisposeAsync();
        }

        writers.Clear();
    }

    /// <summary>
    /// Streams the events of the rebuilt read models in stream order (the (tenant, stream, version) unique index),
    /// folds each stream as it ends and writes its document: memory holds one stream at a time.
    /// </summary>
    private async Task<long> FoldEvents(
        Dictionary<string, (Target Table, Type EventType)> byEventName,
        Dictionary<Target, NpgsqlBinaryImporter> importers,
        ISerializer serializer,
        CancellationToken cancellationToken)
    {
        await using var connection = await Open(cancellationToken);
        // Archived events are not part of any projection (as in Marten's own rebuild).
        await using var command = new NpgsqlCommand(
            $"""
            select tenant_id, stream_id, version, type, data
            from {DependencyInjection.SchemaName}.mt_events
            where type = any(@types) and is_archived = false
            order by tenant_id, stream_id, version
            """,
            connection) { CommandTimeout = 0 };
        command.Parameters.AddWithValue("types", byEventName.Keys.ToArray());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);

        long count = 0;
        string? tenant = null, stream = null;
        Target? table = null;
        object? state = null;
        long version = 0;
        while (await reader.ReadAsync(cancellationToken))
        {
            var rowTenant = reader.GetString(0);
            var rowStream = reader.GetString(1);
            var rowVersion = reader.GetInt64(2);
            var (rowTable, eventType) = byEventName[reader.GetString(3)];
            if (!string.Equals(rowStream, stream, StringComparison.Ordinal) || !string.Equals(rowTenant, tenant, StringComparison.Ordinal))
            {
                await Write(importers, table, tenant, stream, state, version, serializer, cancellationToken);
                (tenant, stream, table, state) = (rowTenant, rowStream, rowTable, null);
            }
            else if (!ReferenceEquals(rowTable, table))
            {
                throw new InvalidOperationException($"Stream {rowStream} holds events of two read models ({table!.Live}, {rowTable.Live}).");
            }

            var data = serializer.FromJson(eventType, reader, 4);
            state = rowTable.Model.Fold(state, data, rowVersion);
            version = rowVersion;
            count++;
        }

        await Write(importers, table, tenant, stream, state, version, serializer, cancellationToken);
        return count;
    }

    private static async Task Write(
        Dictionary<Target, NpgsqlBinaryImporter> importers, Target? table, string? tenant, string? id, object? document, long version,
        ISerializer serializer, CancellationToken cancellationToken)
    {
        if (table is null || document is null)
        {
            return;
        }

        var importer = importers[table];
        await importer.StartRowAsync(cancellationToken);
        await importer.WriteAsync(tenant!, NpgsqlDbType.Varchar, cancellationToken);
        await importer.WriteAsync(id!, NpgsqlDbType.Varchar, cancellationToken);
        await importer.WriteAsync(serializer.ToJson(document), NpgsqlDbType.Jsonb, cancellationToken);
        await importer.WriteAsync(table.DotNetType, NpgsqlDbType.Varchar, cancellationToken);
        await importer.WriteAsync(version, NpgsqlDbType.Bigint, cancellationToken);
    }

    /// <summary>
    /// A fresh table with the live one's columns, defaults and checks but no index yet (COPY then only appends to
    /// the heap). Every column the COPY leaves out must have a default, as Marten's upsert relies on them.
    /// </summary>
    private static async Task PrepareFreshTable(NpgsqlConnection connection, Target table, CancellationToken cancellationToken)
    {
        await Execute(connection, $"drop table if exists {table.Fresh}", cancellationToken);
        await Execute(connection, $"create table {table.Fresh} (like {table.Live} including defaults including constraints including storage)", cancellationToken);
        await using var command = new NpgsqlCommand(
            """
            select column_name from information_schema.columns
            where table_schema = @schema and table_name = @table and is_nullable = 'NO' and column_default is null
              and column_name <> all(@written)
            """,
            connection);
        command.Parameters.AddWithValue("schema", DependencyInjection.SchemaName);
        command.Parameters.AddWithValue("table", table.LiveName);
        command.Parameters.AddWithValue("written", WrittenColumns);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (await reader.ReadAsync(cancellationToken))
        {
            throw new InvalidOperationException($"{table.Live} has a required column the rebuild does not write: {reader.GetString(0)}.");
        }
    }

    /// <summary>
    /// The live tables' indexes (Marten's primary key and its own, and ours from <see cref="Persistence.ReadModelIndexes"/>),
    /// built on the fresh tables under temporary names, spread over <see cref="IndexBuilders"/> connections (each
    /// build is one sort, mostly on one core), then the fresh tables analysed so the planner has statistics at once.
    /// </summary>
    private async Task BuildIndexes(IReadOnlyList<Target> tables, CancellationToken cancellationToken)
    {
        var statements = new ConcurrentQueue<string>();
        await using (var connection = await Open(cancellationToken))
        {
            foreach (var table in tables)
            {
                await using var command = new NpgsqlCommand(
                    """
                    select i.relname, pg_get_indexdef(x.indexrelid), c.oid is not null, coalesce(pg_get_constraintdef(c.oid), '')
                    from pg_index x
                    join pg_class i on i.oid = x.indexrelid
                    left join pg_constraint c on c.conindid = x.indexrelid and c.conrelid = x.indrelid
                    where x.indrelid = @live::regclass
                    order by x.indisprimary desc, i.relname
                    """,
                    connection);
                command.Parameters.AddWithValue("live", table.Live);
                var names = new List<string>();
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    var name = reader.GetString(0);
                    names.Add(name);
                    statements.Enqueue(reader.GetBoolean(2)
                        ? $"alter table {table.Fresh} add constraint {Temporary(name)} {reader.GetString(3)}"
                        : Retarget(reader.GetString(1), name, table));
                }

                table.IndexNames = names;
            }
        }

        await Task.WhenAll(Enumerable.Range(0, IndexBuilders).Select(async _ =>
        {
            await using var connection = await Open(cancellationToken);
            // Sorts in memory where they can.
            await Execute(connection, "set maintenance_work_mem = '256MB'", cancellationToken);
            while (statements.TryDequeue(out var statement))
            {
                await Execute(connection, statement, cancellationToken);
            }
        }));

        await using var analyse = await Open(cancellationToken);
        await Execute(analyse, $"analyze {string.Join(", ", tables.Select(t => t.Fresh))}", cancellationToken);
    }

    /// <summary>"CREATE INDEX name ON schema.live USING …" → the same index, named temporarily, on the fresh table.</summary>
    private static string Retarget(string definition, string name, Target table)
    {
        var on = definition.IndexOf(" ON ", StringComparison.Ordinal);
        var usingAt = definition.IndexOf(" USING ", on, StringComparison.Ordinal);
        if (on < 0 || usingAt < 0 || !definition[..on].EndsWith(" " + name, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Unexpected index definition on {table.Live}: {definition}");
        }

        return $"{definition[..(on - name.Length)]}{Temporary(name)} ON {table.Fresh}{definition[usingAt..]}";
    }

    /// <summary>
    /// Drops each live table and gives its name and its indexes' names to the fresh one, inside the guard's
    /// transaction: readers wait only for these few statements, then read the rebuilt documents.
    /// </summary>
    private static async Task Swap(NpgsqlConnection guard, IReadOnlyList<Target> tables, CancellationToken cancellationToken)
    {
        foreach (var table in tables)
        {
            await Execute(guard, $"lock table {table.Live} in access exclusive mode", cancellationToken);
            await Execute(guard, $"drop table {table.Live}", cancellationToken);
            await Execute(guard, $"alter table {table.Fresh} rename to {table.LiveName}", cancellationToken);
            foreach (var name in table.IndexNames)
            {
                await Execute(guard, $"alter index {DependencyInjection.SchemaName}.{Temporary(name)} rename to {name}", cancellationToken);
            }
        }
    }

    private static string Temporary(string name) =>
        name.Length + Suffix.Length <= 63 ? name + Suffix : throw new InvalidOperationException($"Index name too long to rebuild beside: {name}");

    private async Task<NpgsqlConnection> Open(CancellationToken cancellationToken)
    {
        var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    private static async Task Execute(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>One read model's live table and the fresh one beside it.</summary>
    private sealed class Target
    {
        public required RebuiltReadModel Model { get; init; }
        public required string LiveName { get; init; }
        public required string DotNetType { get; init; }
        public string Live => $"{DependencyInjection.SchemaName}.{LiveName}";
        public string Fresh => $"{Live}{Suffix}";
        public long Written { get; set; }
        public IReadOnlyList<string> IndexNames { get; set; } = [];

        public static Target For(RebuiltReadModel model, IReadOnlyStoreOptions options)
        {
            var mapping = options.FindOrResolveDocumentType(model.DocumentType);
            return new Target { Model = model, LiveName = mapping.TableName.Name, DotNetType = model.DocumentType.FullName! };
        }
    }
}

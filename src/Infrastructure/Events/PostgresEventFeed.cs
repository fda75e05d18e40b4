using System.Data;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Marten;
using Npgsql;
using NodaTime;
using Scheduling.Application.Common;
using Scheduling.Application.Common.Audit;
using Scheduling.Application.Common.Tenancy;
using Scheduling.Application.Events.Feed;
using Scheduling.Infrastructure.Serialization;

namespace Scheduling.Infrastructure.Events;

/// <summary>
/// The tenant's events in commit-sequence order, read row by row from the server (nothing is buffered, so a
/// stream of any length keeps memory flat). A sequence number taken by a transaction that has not committed yet
/// would appear later *below* events already read, so the feed never reads past a gap in the global sequence
/// younger than <see cref="Settle"/>: a resuming client then sees every event exactly once, in order. Older
/// gaps are rolled-back appends and are skipped.
/// </summary>
public sealed class PostgresEventFeed(IDocumentStore store, ITenantContext tenant, IClock clock) : IEventFeed
{
    public static readonly Duration Settle = Duration.FromSeconds(30);
    private const string Events = DependencyInjection.SchemaName + ".mt_events";
    private static readonly JsonSerializerOptions Json = SchedulingJson.Configure(new JsonSerializerOptions());

    public async IAsyncEnumerable<FeedEvent> Read(FeedQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(cancellationToken);
        var safe = await SafeMark(connection, query.After, cancellationToken);

        var sql = $"""
            select seq_id, id, stream_id, version, type, timestamp, headers::text, correlation_id, data::text
            from {Events}
            where tenant_id = @t and seq_id > @after and seq_id <= @safe
              {(query.Type is null ? string.Empty : "and type = @type")}
              {(query.From is null ? string.Empty : "and timestamp >= @from")}
              {(query.To is null ? string.Empty : "and timestamp < @to")}
            order by seq_id
            {(query.Limit is null ? string.Empty : "limit @limit")}
            """;
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        command.Parameters.AddWithValue("t", tenant.TenantId);
        command.Parameters.AddWithValue("after", query.After);
        command.Parameters.AddWithValue("safe", safe);
        AddIf(command, "type", query.Type);
        AddIf(command, "from", query.From?.ToDateTimeOffset());
        AddIf(command, "to", query.To?.ToDateTimeOffset());
        AddIf(command, "limit", query.Limit);

        await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SequentialAccess, cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var sequence = reader.GetInt64(0);
            var id = reader.GetGuid(1).ToString("N");
            var streamId = reader.GetString(2);
            var version = reader.GetInt64(3);
            var type = reader.GetString(4);
            var occurredAt = Instant.FromDateTimeOffset(reader.GetFieldValue<DateTimeOffset>(5));
            var headers = await reader.IsDBNullAsync(6, cancellationToken) ? null : reader.GetString(6);
            var correlationId = await reader.IsDBNullAsync(7, cancellationToken) ? null : reader.GetString(7);
            var data = reader.GetString(8);
            yield return new FeedEvent($"evt_{id}", streamId, version, type, occurredAt, ActorOf(headers), correlationId, new RawJson(data), sequence);
        }
    }

    // The highest position below which no commit can still appear: just before the first young gap, else the end.
    private async Task<long> SafeMark(NpgsqlConnection connection, long after, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"""
            select coalesce(
              (select g.prev from (
                 select seq_id, timestamp, coalesce(lag(seq_id) over (order by seq_id), @after) as prev
                 from {Events} where seq_id > @after) g
               where g.seq_id - g.prev > 1 and g.timestamp > @settled
               order by g.seq_id limit 1),
              (select coalesce(max(seq_id), 0) from {Events}))
            """,
            connection);
        command.Parameters.AddWithValue("after", after);
        command.Parameters.AddWithValue("settled", (clock.GetCurrentInstant() - Settle).ToDateTimeOffset());
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static Actor? ActorOf(string? headers)
    {
        if (headers is null)
        {
            return null;
        }

        using var document = JsonDocument.Parse(headers);
        return document.RootElement.TryGetProperty(Persistence.TenantSession.ActorHeader, out var actor) && actor.ValueKind == JsonValueKind.Object
            ? actor.Deserialize<Actor>(Json)
            : null;
    }

    private static void AddIf(NpgsqlCommand command, string name, object? value)
    {
        if (value is not null)
        {
            command.Parameters.AddWithValue(name, value);
        }
    }
}

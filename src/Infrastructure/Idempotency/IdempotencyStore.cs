using Marten;
using Npgsql;
using NodaTime;
using Scheduling.Application.Common.Exceptions;
using Scheduling.Application.Common.Idempotency;
using Scheduling.Infrastructure.Persistence;

namespace Scheduling.Infrastructure.Idempotency;

/// <summary>
/// Idempotency keys in PostgreSQL, per tenant, for 24 hours. The primary key (tenant, key) makes the claim
/// atomic across requests and service instances: exactly one request inserts the row, every other one reads it.
/// The claimed request's response is written in the same transaction as its business change (see <see cref="Begin"/>).
/// </summary>
public sealed class IdempotencyStore(IDocumentStore store, IClock clock, RequestTransaction requestTransaction) : IIdempotencyStore
{
    public const string Table = DependencyInjection.SchemaName + ".idempotency_keys";
    public static readonly Duration Retention = Duration.FromHours(24);

    /// <summary>An in-progress claim older than this is treated as abandoned (its process died), so the key can be retried.</summary>
    public static readonly Duration Lease = Duration.FromMinutes(2);

    public async Task<IdempotencyClaim> Claim(string tenantId, string key, byte[] fingerprint, CancellationToken cancellationToken)
    {
        await using var connection = await Open(cancellationToken);
        var now = clock.GetCurrentInstant();
        for (var attempt = 0; attempt < 3; attempt++)
        {
            await using (var insert = Command(
                connection,
                $"insert into {Table} (tenant_id, key, fingerprint, created_at, expires_at) values (@t, @k, @f, @now, @expires) on conflict do nothing",
                tenantId,
                key))
            {
                insert.Parameters.AddWithValue("f", fingerprint);
                insert.Parameters.AddWithValue("now", now.ToDateTimeOffset());
                insert.Parameters.AddWithValue("expires", (now + Retention).ToDateTimeOffset());
                if (await insert.ExecuteNonQueryAsync(cancellationToken) == 1)
                {
                    return new IdempotencyClaim.Claimed();
                }
            }

            await using var select = Command(
                connection, $"select fingerprint, status, content_type, location, body, created_at, expires_at, etag from {Table} where tenant_id = @t and key = @k", tenantId, key);
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                continue; // released between our insert and select: try to claim again
            }

            var storedFingerprint = (byte[])reader[0];
            int? status = reader.IsDBNull(1) ? null : reader.GetInt32(1);
            var created = Instant.FromDateTimeOffset(reader.GetFieldValue<DateTimeOffset>(5));
            var expires = Instant.FromDateTimeOffset(reader.GetFieldValue<DateTimeOffset>(6));
            var abandoned = status is null && now - created > Lease;
            if (expires <= now || abandoned)
            {
                await reader.DisposeAsync();
                await Execute(connection, null, $"delete from {Table} where tenant_id = @t and key = @k", tenantId, key, cancellationToken);
                continue;
            }

            if (!storedFingerprint.AsSpan().SequenceEqual(fingerprint))
            {
                return new IdempotencyClaim.Reused();
            }

            return status is null
                ? new IdempotencyClaim.InUse()
                : new IdempotencyClaim.Replay(new StoredResponse(
                    status.Value,
                    reader.IsDBNull(2) ? null : reader.GetString(2),
                    reader.IsDBNull(3) ? null : reader.GetString(3),
                    reader.IsDBNull(4) ? [] : (byte[])reader[4],
                    reader.IsDBNull(7) ? null : reader.GetString(7)));
        }

        return new IdempotencyClaim.InUse();
    }

    public async Task<IIdempotentRequest> Begin(string tenantId, string key, CancellationToken cancellationToken)
    {
        var connection = await Open(cancellationToken);
        var transaction = await connection.BeginTransactionAsync(cancellationToken);
        requestTransaction.Use(transaction);
        return new IdempotentRequest(requestTransaction, connection, transaction, tenantId, key);
    }

    public async Task Release(string tenantId, string key, CancellationToken cancellationToken)
    {
        await using var connection = await Open(cancellationToken);
        await Execute(connection, null, $"delete from {Table} where tenant_id = @t and key = @k and status is null", tenantId, key, cancellationToken);
    }

    private static NpgsqlCommand Command(NpgsqlConnection connection, string sql, string tenantId, string key, NpgsqlTransaction? transaction = null)
    {
        var command = new NpgsqlCommand(sql, connection, transaction);
        command.Parameters.AddWithValue("t", tenantId);
        command.Parameters.AddWithValue("k", key);
        return command;
    }

    private static async Task Execute(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, string tenantId, string key, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, sql, tenantId, key, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task Complete(NpgsqlConnection connection, NpgsqlTransaction? transaction, string tenantId, string key, StoredResponse response, CancellationToken cancellationToken)
    {
        await using var update = Command(
            connection, $"update {Table} set status = @s, content_type = @ct, location = @l, body = @b, etag = @e where tenant_id = @t and key = @k", tenantId, key, transaction);
        update.Parameters.AddWithValue("s", response.Status);
        update.Parameters.AddWithValue("ct", (object?)response.ContentType ?? DBNull.Value);
        update.Parameters.AddWithValue("l", (object?)response.Location ?? DBNull.Value);
        update.Parameters.AddWithValue("b", response.Body);
        update.Parameters.AddWithValue("e", (object?)response.ETag ?? DBNull.Value);
        await update.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task<NpgsqlConnection> Open(CancellationToken cancellationToken)
    {
        var connection = store.Storage.Database.CreateConnection();
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch (Exception exception) when (MartenUnitOfWork.IsTransient(exception))
        {
            await connection.DisposeAsync();
            throw new DatabaseUnavailableException("The service cannot reach its database right now; retry shortly.", exception);
        }
    }

    private sealed class IdempotentRequest(
        RequestTransaction requestTransaction, NpgsqlConnection connection, NpgsqlTransaction transaction, string tenantId, string key) : IIdempotentRequest
    {
        private bool finished;

        public async Task Commit(StoredResponse response, CancellationToken cancellationToken)
        {
            await Complete(connection, transaction, tenantId, key, response, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            finished = true;
        }

        public async Task CommitRefusal(StoredResponse response, CancellationToken cancellationToken)
        {
            // A refusal changed nothing; its transaction may even be aborted (a failed append), so it is rolled back
            // and the response stored outside it, on the same connection: a second one, taken while this is held,
            // could wait on a pool that requests like this one have exhausted.
            await transaction.RollbackAsync(cancellationToken);
            finished = true;
            await Complete(connection, null, tenantId, key, response, cancellationToken);
        }

        public async ValueTask DisposeAsync()
        {
            requestTransaction.Clear();
            if (!finished && connection.State == System.Data.ConnectionState.Open)
            {
                await transaction.RollbackAsync(CancellationToken.None);
            }

            await transaction.DisposeAsync();
            await connection.DisposeAsync();
        }
    }
}

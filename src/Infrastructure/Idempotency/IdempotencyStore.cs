using Marten;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using NodaTime;

namespace Scheduling.Infrastructure.Idempotency;

/// <summary>A stored first response, replayed for retries with the same key and body.</summary>
public sealed record StoredResponse(int Status, string? ContentType, string? Location, byte[] Body);

/// <summary>What happened when a request tried to claim its idempotency key.</summary>
public abstract record IdempotencyClaim
{
    /// <summary>The key is now ours: run the request, then <see cref="IdempotencyStore.Complete"/> or <see cref="IdempotencyStore.Release"/>.</summary>
    public sealed record Claimed : IdempotencyClaim;

    /// <summary>The first request with this key finished: replay its response.</summary>
    public sealed record Replay(StoredResponse Response) : IdempotencyClaim;

    /// <summary>The first request with this key is still running.</summary>
    public sealed record InUse : IdempotencyClaim;

    /// <summary>The key was used with a different request.</summary>
    public sealed record Reused : IdempotencyClaim;
}

/// <summary>
/// Idempotency keys in PostgreSQL, per tenant, for 24 hours. The primary key (tenant, key) makes the claim
/// atomic across requests and service instances: exactly one request inserts the row, every other one reads it.
/// </summary>
public sealed class IdempotencyStore(IDocumentStore store, IClock clock)
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
            await using (var insert = new NpgsqlCommand(
                $"insert into {Table} (tenant_id, key, fingerprint, created_at, expires_at) values (@t, @k, @f, @now, @expires) on conflict do nothing",
                connection))
            {
                insert.Parameters.AddWithValue("t", tenantId);
                insert.Parameters.AddWithValue("k", key);
                insert.Parameters.AddWithValue("f", fingerprint);
                insert.Parameters.AddWithValue("now", now.ToDateTimeOffset());
                insert.Parameters.AddWithValue("expires", (now + Retention).ToDateTimeOffset());
                if (await insert.ExecuteNonQueryAsync(cancellationToken) == 1)
                {
                    return new IdempotencyClaim.Claimed();
                }
            }

            await using var select = new NpgsqlCommand(
                $"select fingerprint, status, content_type, location, body, created_at, expires_at from {Table} where tenant_id = @t and key = @k",
                connection);
            select.Parameters.AddWithValue("t", tenantId);
            select.Parameters.AddWithValue("k", key);
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
                await Delete(connection, tenantId, key, cancellationToken);
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
                    reader.IsDBNull(4) ? [] : (byte[])reader[4]));
        }

        return new IdempotencyClaim.InUse();
    }

    public async Task Complete(string tenantId, string key, StoredResponse response, CancellationToken cancellationToken)
    {
        await using var connection = await Open(cancellationToken);
        await using var update = new NpgsqlCommand(
            $"update {Table} set status = @s, content_type = @ct, location = @l, body = @b where tenant_id = @t and key = @k", connection);
        update.Parameters.AddWithValue("s", response.Status);
        update.Parameters.AddWithValue("ct", (object?)response.ContentType ?? DBNull.Value);
        update.Parameters.AddWithValue("l", (object?)response.Location ?? DBNull.Value);
        update.Parameters.AddWithValue("b", response.Body);
        update.Parameters.AddWithValue("t", tenantId);
        update.Parameters.AddWithValue("k", key);
        await update.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Frees the key after a failure that accepted nothing (5xx), so the client's retry runs again.</summary>
    public async Task Release(string tenantId, string key, CancellationToken cancellationToken)
    {
        await using var connection = await Open(cancellationToken);
        await Delete(connection, tenantId, key, cancellationToken);
    }

    public async Task<int> PurgeExpired(CancellationToken cancellationToken)
    {
        await using var connection = await Open(cancellationToken);
        await using var delete = new NpgsqlCommand($"delete from {Table} where expires_at <= @now", connection);
        delete.Parameters.AddWithValue("now", clock.GetCurrentInstant().ToDateTimeOffset());
        return await delete.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task EnsureSchema(CancellationToken cancellationToken)
    {
        await using var connection = await Open(cancellationToken);
        await using var create = new NpgsqlCommand(
            $"""
            create schema if not exists {DependencyInjection.SchemaName};
            create table if not exists {Table} (
                tenant_id    varchar     not null,
                key          varchar(255) not null,
                fingerprint  bytea       not null,
                status       integer,
                content_type varchar,
                location     varchar,
                body         bytea,
                created_at   timestamptz not null,
                expires_at   timestamptz not null,
                primary key (tenant_id, key));
            create index if not exists ix_idempotency_keys_expires on {Table} (expires_at);
            """,
            connection);
        await create.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task Delete(NpgsqlConnection connection, string tenantId, string key, CancellationToken cancellationToken)
    {
        await using var delete = new NpgsqlCommand($"delete from {Table} where tenant_id = @t and key = @k", connection);
        delete.Parameters.AddWithValue("t", tenantId);
        delete.Parameters.AddWithValue("k", key);
        await delete.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task<NpgsqlConnection> Open(CancellationToken cancellationToken)
    {
        var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(cancellationToken);
        return connection;
    }
}

/// <summary>Creates the key table at start-up and purges expired keys every few minutes.</summary>
public sealed class IdempotencyMaintenance(IdempotencyStore idempotency, ILogger<IdempotencyMaintenance> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(10);

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await idempotency.EnsureSchema(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        do
        {
            try
            {
                var purged = await idempotency.PurgeExpired(stoppingToken);
                logger.LogInformation("Purged {Count} expired idempotency keys", purged);
            }
            catch (Exception exception) when (exception is NpgsqlException or TimeoutException)
            {
                logger.LogWarning("Purging idempotency keys failed ({ExceptionType}); will retry", exception.GetType());
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}

using Marten;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using NodaTime;

namespace Scheduling.Infrastructure.Idempotency;

/// <summary>Creates the key table at start-up and purges expired keys every few minutes.</summary>
public sealed class IdempotencyMaintenance(IDocumentStore store, IClock clock, ILogger<IdempotencyMaintenance> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(10);

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await Execute(
            $"""
            create schema if not exists {DependencyInjection.SchemaName};
            create table if not exists {IdempotencyStore.Table} (
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
            create index if not exists ix_idempotency_keys_expires on {IdempotencyStore.Table} (expires_at);
            alter table {IdempotencyStore.Table} add column if not exists etag varchar;
            """,
            cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    public Task<int> PurgeExpired(CancellationToken cancellationToken) =>
        Execute($"delete from {IdempotencyStore.Table} where expires_at <= '{clock.GetCurrentInstant():uuuu-MM-ddTHH:mm:ss.fffffff}Z'::timestamptz", cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        do
        {
            try
            {
                var purged = await PurgeExpired(stoppingToken);
                logger.LogInformation("Purged {Count} expired idempotency keys", purged);
            }
            catch (Exception exception) when (exception is NpgsqlException or TimeoutException)
            {
                logger.LogWarning("Purging idempotency keys failed ({ExceptionType}); will retry", exception.GetType());
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task<int> Execute(string sql, CancellationToken cancellationToken)
    {
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

using Marten;
using Microsoft.Extensions.Hosting;

namespace Scheduling.Infrastructure.Webhooks;

/// <summary>
/// The delivery outbox (one row per event per subscribed endpoint, written in the command's transaction) and the
/// endpoints' failure streaks. Plain tables rather than documents: the dispatcher claims rows with
/// <c>FOR UPDATE SKIP LOCKED</c> and updates them in place. Endpoints are Marten documents (tenant-filtered like
/// every other resource), whose table the outbox's insert reads.
/// </summary>
public sealed class WebhookTables(IDocumentStore store) : IHostedService
{
    public const string Deliveries = DependencyInjection.SchemaName + ".webhook_deliveries";
    public const string Health = DependencyInjection.SchemaName + ".webhook_endpoint_health";
    public const string Endpoints = DependencyInjection.SchemaName + ".mt_doc_webhookendpoint";
    public const string EndpointAlias = "webhookendpoint";

    /// <summary>The claim's row selection (see <see cref="WebhookDispatcher"/>): a function, so its plan is pinned.</summary>
    public const string DueDeliveries = DependencyInjection.SchemaName + ".webhook_due_deliveries";

    // The claim's plan must not depend on the statistics of the moment: an ANALYZE that saw no pending row (the
    // usual state of a healthy outbox) made the planner think the pending-only indexes empty, and it then checked
    // "no earlier pending event" by reading the whole pending-age index for every candidate, or took a bitmap scan
    // and a sort over every due row; both grow with a backlog, just when speed matters. So the claim's row selection
    // is a function with bitmap scans and sorts off (the ordered walk of the due index is left: every other path
    // needs a sort; with such statistics the pending-age index plus a sort was costed 0.01 above the walk, and CI
    // once got it), and its ordering check reads an index whose predicate only that check implies (not delivered,
    // not failed: the same rows as pending, worded so that no other pending-only index can serve it). A status added later must join that predicate and the
    // function's check, or the ordering check would stop seeing rows in it. "rows 64" is the dispatcher's default
    // BatchSize: the estimate that makes the lease update join the ids by primary key.
    //
    // The claim and the lag gauge walk the due and pending-age indexes from their oldest entry and stop early. With
    // deduplication, rows sharing a timestamp (a bulk insert) share one posting list, which a scan can only mark dead
    // once all of it is dead: each claim then re-checked every delivered row of it in the heap. Without, each dead
    // entry is marked by the first scan that meets it and skipped afterwards.
    private static readonly string Ddl = $"""
        select pg_advisory_xact_lock(727274);
        create table if not exists {Deliveries} (
            id text primary key,
            tenant_id text not null,
            endpoint_id text not null,
            event_id text not null,
            event_type text not null,
            subject_id text not null,
            sequence bigint not null,
            body text not null,
            status text not null default 'pending',
            attempt_count integer not null default 0,
            attempts jsonb not null default '[]',
            next_attempt_at timestamptz not null default now(),
            lease_until timestamptz,
            created_at timestamptz not null default now(),
            completed_at timestamptz);
        alter table {Deliveries} add column if not exists trace_parent text;
        create index if not exists ix_webhook_deliveries_due on {Deliveries} (next_attempt_at) with (deduplicate_items = off) where status = 'pending';
        create index if not exists ix_webhook_deliveries_pending_order on {Deliveries} (endpoint_id, subject_id, sequence) where status <> 'delivered' and status <> 'failed';
        drop index if exists {DependencyInjection.SchemaName}.ix_webhook_deliveries_order;
        create index if not exists ix_webhook_deliveries_pending_age on {Deliveries} (created_at) with (deduplicate_items = off) where status = 'pending';
        alter index {DependencyInjection.SchemaName}.ix_webhook_deliveries_due set (deduplicate_items = off);
        alter index {DependencyInjection.SchemaName}.ix_webhook_deliveries_pending_age set (deduplicate_items = off);
        create index if not exists ix_webhook_deliveries_endpoint on {Deliveries} (tenant_id, endpoint_id, id desc);
        create or replace function {DueDeliveries}(batch integer) returns setof text
        language plpgsql volatile rows 64 set enable_bitmapscan = off set enable_sort = off as $claim$
        begin
            return query
            select d.id from {Deliveries} d
            where d.status = 'pending' and d.next_attempt_at <= now()
              and (d.lease_until is null or d.lease_until < now())
              and exists (
                  select 1 from {Endpoints} e
                  where e.tenant_id = d.tenant_id and e.id = d.endpoint_id and (e.data ->> 'enabled')::boolean offset 0)
              and not exists (
                  select 1 from {Deliveries} p
                  where p.endpoint_id = d.endpoint_id and p.subject_id = d.subject_id
                    and p.sequence < d.sequence and p.status <> 'delivered' and p.status <> 'failed' offset 0)
            order by d.next_attempt_at
            limit batch
            for update of d skip locked;
        end $claim$;
        create table if not exists {Health} (
            tenant_id text not null,
            endpoint_id text not null,
            failing_since timestamptz not null,
            primary key (tenant_id, endpoint_id));
        """;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = Ddl;
        await command.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

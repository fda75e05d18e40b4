using Npgsql;
using Scheduling.Api.IntegrationTests.Infrastructure;

namespace Scheduling.Api.IntegrationTests.Webhooks;

/// <summary>
/// The dispatcher's claim walks the due index in order and stops after a batch, whatever the statistics say. With
/// statistics from a moment when nothing was pending and then a backlog, the plan PostgreSQL runs inside
/// <c>webhook_due_deliveries</c> (captured with auto_explain) is the ordered scan of the due index with one index-only
/// probe per candidate, not a probe that reads every pending row (the pending-age index) or a bitmap scan and a sort.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class WebhookClaimPlanTests(ApiFixture fixture)
{
    private const string Tenant = "org_claimplan:test";

    [Fact]
    public async Task TheClaim_WalksTheDueIndexInOrder_WithABacklogBehindFinishedRows()
    {
        await using var connection = new NpgsqlConnection(fixture.Factory.ConnectionString);
        await connection.OpenAsync();
        // The endpoint does not exist, so the service's own dispatcher never claims these rows (its check skips them).
        // Statistics taken while nothing is pending (a healthy outbox, or bench/run's VACUUM ANALYZE between rounds),
        // then a backlog: 30,000 finished rows, then 1,500 due ones.
        await Execute(connection, """
            insert into scheduling.webhook_deliveries (id, tenant_id, endpoint_id, event_id, event_type, subject_id, sequence, body, status, next_attempt_at)
            select 'whd_claimplan' || lpad(i::text, 6, '0'), 'org_claimplan:test', 'whe_claimplan', 'evt_claimplan' || i, 'appointment.created',
                   'a_claimplan' || i, 1, '{}', 'delivered', now() - interval '1 hour' + i * interval '1 ms'
            from generate_series(1, 30000) i;
            analyze scheduling.webhook_deliveries;
            insert into scheduling.webhook_deliveries (id, tenant_id, endpoint_id, event_id, event_type, subject_id, sequence, body, status, next_attempt_at)
            select 'whd_claimplan' || lpad(i::text, 6, '0'), 'org_claimplan:test', 'whe_claimplan', 'evt_claimplan' || i, 'appointment.created',
                   'a_claimplan' || i, 1, '{}', 'pending', now() - interval '1 minute' + i * interval '1 ms'
            from generate_series(30001, 31500) i;
            """);
        try
        {
            var plans = new List<string>();
            connection.Notice += (_, e) => plans.Add(e.Notice.Detail ?? e.Notice.MessageText);
            await using var transaction = await connection.BeginTransactionAsync();
            await Execute(connection, """
                load 'auto_explain';
                set local auto_explain.log_min_duration = 0;
                set local auto_explain.log_nested_statements = on;
                set local auto_explain.log_level = notice;
                select * from scheduling.webhook_due_deliveries(64);
                """);
            await transaction.RollbackAsync();

            var plan = Assert.Single(plans, p => p.Contains("webhook_deliveries d", StringComparison.Ordinal));
            // The whole plan in every failure message: a wrong plan is only diagnosable from itself.
            Assert.True(plan.Contains("Index Scan using ix_webhook_deliveries_due on webhook_deliveries d", StringComparison.Ordinal), plan);
            Assert.True(plan.Contains("Index Only Scan using ix_webhook_deliveries_pending_order on webhook_deliveries p", StringComparison.Ordinal), plan);
            Assert.False(plan.Contains("pending_age", StringComparison.Ordinal), plan);
            Assert.False(plan.Contains("Bitmap", StringComparison.Ordinal), plan);
            Assert.False(plan.Contains("Sort", StringComparison.Ordinal), plan);
        }
        finally
        {
            await Execute(connection, $"delete from scheduling.webhook_deliveries where tenant_id = '{Tenant}'");
        }
    }

    private static async Task Execute(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}

using System.Text.Json;
using Marten;
using NodaTime;
using Npgsql;
using Scheduling.Application.Common.Tenancy;
using Scheduling.Application.Webhooks;
using Scheduling.Domain.Webhooks;

namespace Scheduling.Infrastructure.Webhooks;

/// <summary>The caller's tenant's deliveries: every statement is filtered by its tenant id.</summary>
public sealed class SqlWebhookDeliveries(IDocumentStore store, ITenantContext tenant) : IWebhookDeliveries
{
    private const string Columns = "id, endpoint_id, event_id, event_type, status, created_at, next_attempt_at, attempts::text";

    public async Task<WebhookDeliveryPage> List(string endpointId, WebhookDeliveryStatus? status, string? cursor, int limit, CancellationToken cancellationToken)
    {
        var rows = await Query(
            $"""
            select {Columns} from {WebhookTables.Deliveries}
            where tenant_id = @tenant and endpoint_id = @endpoint and (@status::text is null or status = @status) and (@cursor::text is null or id < @cursor)
            order by id desc limit @limit
            """,
            cancellationToken,
            ("endpoint", endpointId),
            ("status", status?.ToString().ToLowerInvariant()),
            ("cursor", cursor),
            ("limit", limit + 1));
        return new WebhookDeliveryPage([.. rows.Take(limit)], rows.Count > limit ? rows[limit - 1].Id : null);
    }

    public async Task<WebhookDelivery?> Retry(string deliveryId, CancellationToken cancellationToken) =>
        (await Query(
            $"""
            update {WebhookTables.Deliveries} set status = 'pending', next_attempt_at = now(), lease_until = null, completed_at = null
            where tenant_id = @tenant and id = @id returning {Columns}
            """,
            cancellationToken,
            ("id", deliveryId))).SingleOrDefault();

    public async Task<WebhookDelivery> Enqueue(WebhookEndpoint endpoint, string eventId, string eventType, string body, CancellationToken cancellationToken) =>
        (await Query(
            $"""
            insert into {WebhookTables.Deliveries} (id, tenant_id, endpoint_id, event_id, event_type, subject_id, sequence, body, trace_parent)
            values (@id, @tenant, @endpoint, @event, @type, @id, 0, @body, @trace) returning {Columns}
            """,
            cancellationToken,
            ("id", Domain.Common.EntityId.Generate(WebhookEvents.DeliveryIdPrefix, SystemClock.Instance.GetCurrentInstant())),
            ("endpoint", endpoint.Id),
            ("event", eventId),
            ("type", eventType),
            ("body", body),
            ("trace", System.Diagnostics.Activity.Current?.Id))).Single();

    private async Task<List<WebhookDelivery>> Query(string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("tenant", tenant.TenantId);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter(name, NpgsqlTypes.NpgsqlDbType.Text) { Value = value ?? DBNull.Value });
            if (value is int number)
            {
                command.Parameters[name].NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Integer;
                command.Parameters[name].Value = number;
            }
        }

        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<WebhookDelivery>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new WebhookDelivery(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetString(2),
                reader.GetString(3),
                Enum.Parse<WebhookDeliveryStatus>(reader.GetString(4), ignoreCase: true),
                Instant.FromDateTimeOffset(reader.GetFieldValue<DateTimeOffset>(5)),
                reader.GetString(4) == "pending" ? Instant.FromDateTimeOffset(reader.GetFieldValue<DateTimeOffset>(6)) : null,
                [.. JsonDocument.Parse(reader.GetString(7)).RootElement.EnumerateArray().Select(Attempt)]));
        }

        return rows;
    }

    private static WebhookDeliveryAttempt Attempt(JsonElement a) =>
        new(
            Instant.FromDateTimeOffset(a.GetProperty("at").GetDateTimeOffset()),
            a.GetProperty("statusCode").ValueKind == JsonValueKind.Number ? a.GetProperty("statusCode").GetInt32() : null,
            a.GetProperty("durationMs").GetInt64(),
            a.GetProperty("error").ValueKind == JsonValueKind.String ? a.GetProperty("error").GetString() : null);
}

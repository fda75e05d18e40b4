using System.Diagnostics;
using System.Text;
using JasperFx.Events;
using Marten;
using Scheduling.Application.Webhooks;
using Scheduling.Domain.Appointments;
using Scheduling.Domain.Common;
using Scheduling.Infrastructure.Appointments.List;

namespace Scheduling.Infrastructure.Webhooks;

/// <summary>
/// The transactional outbox. Just before a session saves, every appointment event it is about to append becomes
/// one delivery row per enabled, subscribed endpoint of the session's tenant, queued in the same unit of work (one
/// SaveChanges, one transaction, inside the request's transaction when it has one): a committed change is never
/// left unsent and a rolled-back one never sent. The body is the appointment as of that event, folded by the one
/// <see cref="Appointment.Evolve"/> and numbered with the stream's version. Keyed on appointment streams and the
/// event's mapped type name, so event types added later need no change here.
/// </summary>
public sealed class WebhookOutbox(IWebhookPayloads payloads) : DocumentSessionListenerBase
{
    // One statement per event: the fan-out to endpoints happens in the database, so a tenant without endpoints
    // costs one cheap statement in the same batch and no extra round trip.
    private static readonly string FanOut = $"""
        insert into {WebhookTables.Deliveries} (id, tenant_id, endpoint_id, event_id, event_type, subject_id, sequence, body, trace_parent)
        select '{WebhookEvents.DeliveryIdPrefix}' || lpad(to_hex((extract(epoch from clock_timestamp()) * 1000)::bigint), 12, '0') || replace(gen_random_uuid()::text, '-', ''),
               e.tenant_id, e.id, ^, ^, ^, ^, ^, nullif(^, '')
        from {WebhookTables.Endpoints} e
        where e.tenant_id = ^ and (e.data ->> 'enabled')::boolean
          and (jsonb_array_length(e.data -> 'events') = 0 or jsonb_exists(e.data -> 'events', ^))
        """;

    public override async Task BeforeSaveChangesAsync(IDocumentSession session, CancellationToken token)
    {
        foreach (var stream in session.PendingChanges.Streams())
        {
            if (!EntityId.IsValid(stream.Key, IdPrefix.Appointment) || stream.Events.Count == 0)
            {
                continue;
            }

            var traceParent = TraceParentOf(session);
            var state = stream.ActionType == StreamActionType.Start ? null : await StoredState(session, stream.Key!, token);
            var version = state?.Version ?? 0;
            foreach (var @event in stream.Events)
            {
                state = Appointment.Evolve(state, @event.Data) with { Version = ++version };
                var type = @event.EventTypeName;
                var eventId = EntityId.Generate(WebhookEvents.EventIdPrefix, state.UpdatedAt);
                var body = payloads.AppointmentEvent(eventId, type, state.UpdatedAt, state);
                session.QueueSqlCommand('^', FanOut, eventId, type, state.Id, version, body, traceParent, session.TenantId, type);
            }
        }
    }

    /// <summary>
    /// The current span's W3C context when it belongs to the trace the events carry as their correlationId, so the
    /// dispatch span can link to the request that caused the event; empty otherwise (no trace, or another origin).
    /// </summary>
    private static string TraceParentOf(IDocumentSession session) =>
        Activity.Current is { IdFormat: ActivityIdFormat.W3C } current && current.TraceId.ToHexString() == session.CorrelationId ? current.Id ?? string.Empty : string.Empty;

    /// <summary>
    /// The state before these events, as committed. By now the inline projection has folded the new events onto the
    /// session's own copy (which Load and LINQ would hand back), so this reads the row itself. A concurrent writer
    /// makes the commit fail anyway (the stream's version check).
    /// </summary>
    private static async Task<Appointment?> StoredState(IDocumentSession session, string appointmentId, CancellationToken token)
    {
        var rows = await session.QueryAsync<string>(
            $"select data::text from {MartenAppointmentListQueries.Table} where tenant_id = ? and id = ?", token, session.TenantId, appointmentId);
        return rows.Count == 0 ? null : session.DocumentStore.Options.Serializer().FromJson<Appointment>(new MemoryStream(Encoding.UTF8.GetBytes(rows[0])));
    }
}

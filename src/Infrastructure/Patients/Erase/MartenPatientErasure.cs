using System.Text.Json;
using JasperFx.Events;
using Marten;
using Scheduling.Application.Patients;
using Scheduling.Application.Patients.Erase;
using Scheduling.Application.Webhooks;
using Scheduling.Domain.Appointments;
using Scheduling.Domain.Patients;
using Scheduling.Infrastructure.Appointments;
using Scheduling.Infrastructure.Idempotency;
using Scheduling.Infrastructure.Persistence;
using Scheduling.Infrastructure.Webhooks;

namespace Scheduling.Infrastructure.Patients.Erase;

/// <summary>
/// Erasure over the request's session, so one SaveChanges (one transaction) masks everything or nothing. Marten's
/// <c>ApplyEventDataMasking</c> commits in a session and transaction of its own, so its two steps are run here
/// instead: the masking rules (<see cref="PersonalDataMasking"/>) applied to each fetched event and
/// <c>OverwriteEvent</c> staged on this session. The
/// copies outside the event store are rewritten by statements queued on the same session. Overwrites are not stream
/// appends, so the webhook outbox sends nothing for them.
/// </summary>
public sealed class MartenPatientErasure(TenantSession tenantSession, IWebhookPayloads payloads, IResourceBodies bodies) : IPatientErasure
{
    private static readonly string AppointmentStreams = $"""
        select distinct stream_id from {DependencyInjection.SchemaName}.mt_events
        where tenant_id = ? and type = 'appointment.created' and data ->> 'patientId' = ?
        order by stream_id
        """;

    private static readonly string Deliveries =
        $"select json_build_object('id', id, 'eventId', event_id, 'type', event_type, 'subject', subject_id, 'sequence', sequence)::text from {WebhookTables.Deliveries} where tenant_id = ? and subject_id = any(?)";

    // Any stored response naming the patient or one of its appointments (the representations carry both ids).
    private static readonly string StoredResponses =
        $"select json_build_object('key', key, 'body', convert_from(body, 'UTF8'))::text from {IdempotencyStore.Table} where tenant_id = ? and body is not null and convert_from(body, 'UTF8') like any(?)";

    public async Task Stage(PatientForUpdate loaded, Patient erased, PatientErased? erasedEvent, CancellationToken cancellationToken)
    {
        var session = tenantSession.Session;
        var tenantId = session.TenantId;
        session.Store(erased);
        var patientEvents = await session.Events.FetchStreamAsync(erased.Id, token: cancellationToken);
        Mask(session, patientEvents);
        if (erasedEvent is not null)
        {
            if (loaded.Version == 0)
            {
                session.Events.StartStream(erased.Id, erasedEvent);
            }
            else
            {
                session.Events.Append(erased.Id, loaded.Version + 1, erasedEvent);
            }
        }

        // Each appointment's masked events, folded as the inline projection folds them (a rebuild gives the same documents).
        var history = new Dictionary<string, IReadOnlyList<IEvent>>(StringComparer.Ordinal);
        var current = new Dictionary<string, Appointment>(StringComparer.Ordinal);
        foreach (var appointmentId in await session.QueryAsync<string>(AppointmentStreams, cancellationToken, tenantId, erased.Id))
        {
            var events = await session.Events.FetchStreamAsync(appointmentId, token: cancellationToken);
            Mask(session, events);
            history[appointmentId] = events;
            Appointment? state = null;
            foreach (var e in events)
            {
                state = AppointmentProjection.Fold(state, e);
            }

            if (state is not null)
            {
                session.Store(state);
                current[appointmentId] = state;
            }
        }

        await RewriteDeliveries(session, tenantId, history, cancellationToken);
        await RewriteStoredResponses(session, tenantId, erased, current, cancellationToken);
    }

    private static void Mask(IDocumentSession session, IReadOnlyList<IEvent> events)
    {
        foreach (var e in events)
        {
            if (PersonalDataMasking.TryMask(e))
            {
                session.Events.OverwriteEvent(e);
            }
        }
    }

    /// <summary>Every delivery body (sent or not) made again from the masked events, by the outbox's own function; nothing is re-sent.</summary>
    private async Task RewriteDeliveries(IDocumentSession session, string tenantId, Dictionary<string, IReadOnlyList<IEvent>> history, CancellationToken cancellationToken)
    {
        if (history.Count == 0)
        {
            return;
        }

        foreach (var json in await session.QueryAsync<string>(Deliveries, cancellationToken, tenantId, history.Keys.ToArray()))
        {
            var row = JsonSerializer.Deserialize<DeliveryRow>(json, Rows)!;
            var state = AsOf(history[row.Subject], row.Sequence);
            var body = payloads.AppointmentEvent(row.EventId, row.Type, state.UpdatedAt, state);
            session.QueueSqlCommand($"update {WebhookTables.Deliveries} set body = ? where id = ?", body, row.Id);
        }
    }

    private static Appointment AsOf(IReadOnlyList<IEvent> events, long version)
    {
        Appointment? state = null;
        foreach (var e in events.Where(e => e.Version <= version))
        {
            state = AppointmentProjection.Fold(state, e);
        }

        return state ?? throw new InvalidOperationException("A delivery names a version its appointment never had.");
    }

    /// <summary>
    /// A stored 2xx response of the patient or an appointment is replaced by the resource's erased representation (a
    /// replay then answers with today's masked state); any other stored body naming them is dropped with its key.
    /// </summary>
    private async Task RewriteStoredResponses(
        IDocumentSession session, string tenantId, Patient erased, Dictionary<string, Appointment> appointments, CancellationToken cancellationToken)
    {
        var patterns = appointments.Keys.Prepend(erased.Id).Select(id => $"%\"{id}\"%").ToArray();
        foreach (var json in await session.QueryAsync<string>(StoredResponses, cancellationToken, tenantId, patterns))
        {
            var (key, body) = JsonSerializer.Deserialize<StoredRow>(json, Rows)!;
            string? replacement = RootId(body) switch
            {
                { } id when id == erased.Id => bodies.Patient(erased),
                { } id when appointments.TryGetValue(id, out var appointment) => bodies.Appointment(appointment),
                _ => null,
            };
            if (replacement is null)
            {
                session.QueueSqlCommand($"delete from {IdempotencyStore.Table} where tenant_id = ? and key = ?", tenantId, key);
            }
            else
            {
                session.QueueSqlCommand(
                    $"update {IdempotencyStore.Table} set body = convert_to(?, 'UTF8') where tenant_id = ? and key = ?", replacement, tenantId, key);
            }
        }
    }

    private static readonly JsonSerializerOptions Rows = new(JsonSerializerDefaults.Web);

    private sealed record DeliveryRow(string Id, string EventId, string Type, string Subject, long Sequence);

    private sealed record StoredRow(string Key, string Body);

    private static string? RootId(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String
                ? id.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

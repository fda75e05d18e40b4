using System.Text.Json;
using JasperFx.Events;
using NodaTime;
using Scheduling.Application.Appointments.Events;
using Scheduling.Application.Common.Audit;
using Scheduling.Infrastructure.Serialization;

namespace Scheduling.Infrastructure.Persistence;

/// <summary>Reads the audit metadata <see cref="TenantSession"/> stored on an event.</summary>
public static class EventMetadata
{
    private static readonly JsonSerializerOptions Json = SchedulingJson.Configure(new JsonSerializerOptions());

    /// <summary>A stored event as the audit trails show it: version, type, time, who, which request, and its body.</summary>
    public static AuditEntry ToAuditEntry(IEvent e) =>
        new(e.Version, e.EventTypeName, Instant.FromDateTimeOffset(e.Timestamp), Actor(e), e.CorrelationId, e.Data);

    public static Actor? Actor(IEvent e) =>
        e.Headers?.GetValueOrDefault(TenantSession.ActorHeader) switch
        {
            Actor actor => actor,
            JsonElement { ValueKind: JsonValueKind.Object } element => element.Deserialize<Actor>(Json),
            _ => null,
        };
}

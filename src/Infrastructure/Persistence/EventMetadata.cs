using System.Text.Json;
using JasperFx.Events;
using Scheduling.Application.Common.Audit;
using Scheduling.Infrastructure.Serialization;

namespace Scheduling.Infrastructure.Persistence;

/// <summary>Reads the audit metadata <see cref="TenantSession"/> stored on an event.</summary>
public static class EventMetadata
{
    private static readonly JsonSerializerOptions Json = SchedulingJson.Configure(new JsonSerializerOptions());

    public static Actor? Actor(IEvent e) =>
        e.Headers?.GetValueOrDefault(TenantSession.ActorHeader) switch
        {
            Actor actor => actor,
            JsonElement { ValueKind: JsonValueKind.Object } element => element.Deserialize<Actor>(Json),
            _ => null,
        };
}

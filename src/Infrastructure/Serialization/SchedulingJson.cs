using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using NodaTime;
using NodaTime.Serialization.SystemTextJson;

namespace Scheduling.Infrastructure.Serialization;

/// <summary>
/// JSON settings shared by the event store and the API: camelCase, NodaTime ISO values, snake_case enums.
/// Instants are written as before (UTC, 'Z'); reading also takes any RFC 3339 offset (<see cref="Rfc3339InstantConverter"/>).
/// </summary>
public static class SchedulingJson
{
    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.ConfigureForNodaTime(DateTimeZoneProviders.Tzdb);
        options.Converters.Insert(0, new Rfc3339InstantConverter());
        options.Converters.Insert(0, new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false));
        options.Converters.Add(new OptionalJsonConverterFactory());
        options.TypeInfoResolver = (options.TypeInfoResolver ?? new DefaultJsonTypeInfoResolver()).WithAddedModifier(OptionalJsonConverterFactory.OmitAbsent);
        return options;
    }
}

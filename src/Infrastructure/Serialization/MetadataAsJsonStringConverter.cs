using System.Text.Json;
using System.Text.Json.Serialization;
using Scheduling.Domain.Common;

namespace Scheduling.Infrastructure.Serialization;

/// <summary>
/// Stores metadata as a JSON string inside the jsonb document, so the client's text survives byte for byte
/// (jsonb would reorder keys, drop duplicates and reformat numbers).
/// </summary>
public sealed class MetadataAsJsonStringConverter : JsonConverter<Metadata>
{
    public override Metadata Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        new(reader.GetString() ?? throw new JsonException("Metadata must be stored as a string."));

    public override void Write(Utf8JsonWriter writer, Metadata value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.Json);
}

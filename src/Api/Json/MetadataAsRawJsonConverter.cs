using System.Text.Json;
using System.Text.Json.Serialization;
using Scheduling.Domain.Common;

namespace Scheduling.Api.Json;

/// <summary>Writes metadata as the JSON object the client sent, byte for byte.</summary>
public sealed class MetadataAsRawJsonConverter : JsonConverter<Metadata>
{
    public override Metadata Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        return new Metadata(document.RootElement.GetRawText());
    }

    public override void Write(Utf8JsonWriter writer, Metadata value, JsonSerializerOptions options) =>
        writer.WriteRawValue(value.Json, skipInputValidation: true);
}

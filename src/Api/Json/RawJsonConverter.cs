using System.Text.Json;
using System.Text.Json.Serialization;
using Scheduling.Application.Common;

namespace Scheduling.Api.Json;

/// <summary>Writes stored JSON as it is (read as the raw text of the value).</summary>
public sealed class RawJsonConverter : JsonConverter<RawJson>
{
    public override RawJson Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        return new RawJson(document.RootElement.GetRawText());
    }

    public override void Write(Utf8JsonWriter writer, RawJson value, JsonSerializerOptions options) => writer.WriteRawValue(value.Json, skipInputValidation: true);
}

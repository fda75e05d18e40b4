using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Scheduling.Domain.Common;

namespace Scheduling.Infrastructure.Serialization;

/// <summary>
/// <see cref="Optional{T}"/> in JSON: a present member (even <c>null</c>) is a value, an absent one is "not given";
/// on writing, absent values are left out, so an update event and a merge patch carry only what they mention.
/// </summary>
public sealed class OptionalJsonConverterFactory : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) => typeToConvert.IsGenericType && typeToConvert.GetGenericTypeDefinition() == typeof(Optional<>);

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(OptionalConverter<>).MakeGenericType(typeToConvert.GetGenericArguments()[0]))!;

    /// <summary>Leaves absent optionals out of the written JSON.</summary>
    public static void OmitAbsent(JsonTypeInfo typeInfo)
    {
        foreach (var property in typeInfo.Properties)
        {
            if (property.PropertyType.IsGenericType && property.PropertyType.GetGenericTypeDefinition() == typeof(Optional<>))
            {
                property.ShouldSerialize = (_, value) => value is IOptional { HasValue: true };
            }
        }
    }

    private sealed class OptionalConverter<T> : JsonConverter<Optional<T>>
    {
        // A JSON null is a present value ("clear it"), so the converter must see it.
        public override bool HandleNull => true;

        public override Optional<T> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            try
            {
                return new(JsonSerializer.Deserialize<T>(ref reader, options)!);
            }
            catch (JsonException exception)
            {
                // A path-less exception lets the serializer name the member being read ("note"), not the inner "$".
                throw new JsonException(exception.Message, exception);
            }
        }

        public override void Write(Utf8JsonWriter writer, Optional<T> value, JsonSerializerOptions options) =>
            JsonSerializer.Serialize(writer, value.Value, options);
    }
}

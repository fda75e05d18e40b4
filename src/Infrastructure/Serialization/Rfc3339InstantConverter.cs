using System.Text.Json;
using System.Text.Json.Serialization;
using NodaTime;
using Scheduling.Domain.Common;

namespace Scheduling.Infrastructure.Serialization;

/// <summary>
/// Reads an <see cref="Instant"/> from any RFC 3339 date-time with an offset (<see cref="InstantText"/>) and writes
/// it exactly as NodaTime's own converter does (UTC, 'Z', extended ISO), so stored events stay byte for byte the same.
/// </summary>
public sealed class Rfc3339InstantConverter : JsonConverter<Instant>
{
    public override Instant Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonValueFormatException($"must be a string: {InstantText.Expected}.");
        }

        return InstantText.TryParse(reader.GetString(), out var instant)
            ? instant
            : throw new JsonValueFormatException($"must be {InstantText.Expected}.");
    }

    public override void Write(Utf8JsonWriter writer, Instant value, JsonSerializerOptions options) =>
        writer.WriteStringValue(InstantText.Format(value));
}

/// <summary>A JSON value of the right type but the wrong format; the message says what is expected, without the value.</summary>
public sealed class JsonValueFormatException : JsonException
{
    public JsonValueFormatException(string expectation)
        : base(expectation) => Expectation = expectation;

    public JsonValueFormatException()
        : this("has the wrong format.")
    {
    }

    public JsonValueFormatException(string message, Exception innerException)
        : base(message, innerException) => Expectation = message;

    /// <summary>Completes "'field' …": e.g. "must be an RFC 3339 date-time with an offset".</summary>
    public string Expectation { get; }
}

using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using NodaTime;
using Scheduling.Domain.Common;

namespace Scheduling.Api.OpenApi;

/// <summary>
/// Schemas by CLR type, so every endpoint (and every one added later) gets them without per-endpoint code:
/// NodaTime values as inline strings with a format (never a component, so a nullable one is <c>["string","null"]</c>,
/// not a <c>oneOf</c> that generators misread), enums as <c>type: string</c> with their wire values, free-form JSON
/// objects, and the problem shape.
/// </summary>
internal static class TypeSchemas
{
    /// <summary>Types written inline wherever they appear instead of as a component.</summary>
    public static string? ReferenceId(System.Text.Json.Serialization.Metadata.JsonTypeInfo info)
    {
        var type = Nullable.GetUnderlyingType(info.Type) ?? info.Type;
        return type == typeof(Instant) || type == typeof(LocalDate) || type == typeof(Metadata) || type == typeof(System.Text.Json.JsonElement) || IsOptional(type)
            ? null
            : OpenApiOptions.CreateDefaultSchemaReferenceId(info);
    }

    public static async Task Transform(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        var declared = context.JsonTypeInfo.Type;
        if (IsOptional(declared))
        {
            // A merge-patch member (Optional<T>): on the wire it is just T, which may be left out or sent as null. Written
            // like every other nullable member (["string","null"], or oneOf null|$ref): an anyOf of T and null made Kiota
            // and NSwag generate wrapper classes (Note2, …Member1) that cannot carry the value.
            var innerType = declared.GetGenericArguments()[0];
            var inner = await context.GetOrCreateSchemaAsync(innerType, cancellationToken: cancellationToken);
            schema.Properties?.Clear();
            schema.Required?.Clear();
            schema.Description = "Leave out to keep the current value; send null to clear an optional field.";
            if (ReferenceId(context.JsonTypeInfo.Options.GetTypeInfo(innerType)) is null && inner is OpenApiSchema value)
            {
                schema.Type = value.Type is { } valueType ? valueType | JsonSchemaType.Null : null;
                schema.Format = value.Format;
                schema.Items = value.Items;
                schema.AdditionalPropertiesAllowed = value.AdditionalPropertiesAllowed;
                schema.AdditionalProperties = value.AdditionalProperties;
            }
            else
            {
                // A component (an object or enum): the pipeline turns it into a $ref inside oneOf.
                schema.Type = null;
                schema.OneOf = [new OpenApiSchema { Type = JsonSchemaType.Null }, inner];
            }

            return;
        }

        var type = Nullable.GetUnderlyingType(declared) ?? declared;
        // Nullable<T>, an explicit null in the exported schema, or a property annotated nullable ('Metadata? Metadata').
        var nullable = Nullable.GetUnderlyingType(declared) is not null
            || (schema.Type & JsonSchemaType.Null) == JsonSchemaType.Null
            || context.JsonPropertyInfo is { PropertyType.IsValueType: false, IsGetNullable: true };
        if (type == typeof(Instant))
        {
            Scalar(schema, nullable, "date-time", $"An instant. Sent: {InstantText.Expected}; answered in UTC with 'Z'.");
        }
        else if (type == typeof(LocalDate))
        {
            Scalar(schema, nullable, "date", "A calendar date, YYYY-MM-DD, in the organisation's time zone.");
        }
        else if (type.IsEnum)
        {
            // The values are already the snake_case names the JSON converter writes; generators need the type too.
            schema.Type = JsonSchemaType.String | (nullable ? JsonSchemaType.Null : 0);
        }
        else if (type == typeof(Metadata) || type == typeof(System.Text.Json.JsonElement))
        {
            schema.Type = JsonSchemaType.Object | (nullable ? JsonSchemaType.Null : 0);
            schema.Properties?.Clear();
            schema.AdditionalPropertiesAllowed = true;
            schema.Description = "A free-form JSON object (≤ 16 KiB serialized, ≤ 10 levels deep), returned exactly as given.";
        }
        else if (type == typeof(ProblemDetails) || type == typeof(HttpValidationProblemDetails))
        {
            Problem(schema);
        }
        else if (context.JsonTypeInfo.Kind == System.Text.Json.Serialization.Metadata.JsonTypeInfoKind.Object)
        {
            OptionalWhenNullable(schema, context.JsonTypeInfo);
        }
    }

    private static bool IsOptional(Type type) => type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Optional<>);

    /// <summary>
    /// The deserializer treats a missing property as null, so a nullable property is never required to be present
    /// (unless marked [JsonRequired]); listing it as required makes generated clients send nulls and examples fail.
    /// Whether a value is needed is the validators' rule and shows as a non-nullable type.
    /// </summary>
    private static void OptionalWhenNullable(OpenApiSchema schema, System.Text.Json.Serialization.Metadata.JsonTypeInfo info)
    {
        if (schema.Required is not { Count: > 0 })
        {
            return;
        }

        foreach (var property in info.Properties)
        {
            var nullable = Nullable.GetUnderlyingType(property.PropertyType) is not null || IsOptional(property.PropertyType)
                || (!property.PropertyType.IsValueType && property.IsSetNullable);
            if (!property.IsRequired && nullable)
            {
                schema.Required.Remove(property.Name);
            }
        }
    }

    private static void Problem(OpenApiSchema schema)
    {
        schema.Description = "RFC 9457 problem. 'detail' is the message for people; 'code' is the stable machine code to branch on; "
            + "'errors' maps JSON paths of the request (location.postcode, documentIds[2]) to messages for field errors.";
        schema.Properties ??= new Dictionary<string, IOpenApiSchema>();
        schema.Properties["type"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "A relative URI naming the problem: /problems/{code}." };
        schema.Properties["title"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "A short summary of the status." };
        schema.Properties["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Minimum = "400", Maximum = "599" };
        schema.Properties["detail"] = new OpenApiSchema
        {
            Type = JsonSchemaType.String,
            Description = "The primary, human-readable explanation of this occurrence.",
            // Kiota makes this the generated exception's Message.
            Extensions = new Dictionary<string, IOpenApiExtension> { ["x-ms-primary-error-message"] = new JsonNodeExtension(System.Text.Json.Nodes.JsonValue.Create(true)) },
        };
        schema.Properties["instance"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "The request path." };
        schema.Properties["code"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "Stable machine code, e.g. validation_failed, window_full, idempotency_key_reused." };
        schema.Properties["traceId"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "The W3C trace id of the request, for support." };
        schema.Properties["errors"] = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = "Field errors: JSON path → messages.",
            AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
        };
        schema.Required = new HashSet<string> { "type", "title", "status", "detail", "code" };
        schema.AdditionalPropertiesAllowed = true;
        schema.AdditionalProperties = null;
    }

    private static void Scalar(OpenApiSchema schema, bool nullable, string format, string description)
    {
        schema.Type = JsonSchemaType.String | (nullable ? JsonSchemaType.Null : 0);
        schema.Format = format;
        schema.Description = description;
        schema.Properties?.Clear();
        schema.Required?.Clear();
        schema.OneOf = null;
        schema.AnyOf = null;
    }
}

using System.Reflection;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Scheduling.Api.OpenApi;

/// <summary>
/// Request bodies as the server takes them: <c>required</c> and non-nullable exactly for the members the request's
/// own mapping refuses to miss (<see cref="RequiredMembers"/>), and each member's lengths, patterns and ranges from
/// the rule its <see cref="FieldShapeAttribute"/> names. Runs after <see cref="TypeSchemas"/>.
/// </summary>
internal static class RequestSchemas
{
    // Carries "present but never null" from the type's schema to the document pass, which sees the final
    // (oneOf/anyOf-wrapped) property schemas; removed there.
    private const string NotNullMarker = "x-scheduling-not-null";

    public static Task Transform(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.JsonPropertyInfo is { AttributeProvider: ICustomAttributeProvider provider })
        {
            foreach (var shape in provider.GetCustomAttributes(typeof(FieldShapeAttribute), inherit: false).Cast<FieldShapeAttribute>())
            {
                shape.Apply(Target(schema, shape));
            }
        }

        // A nested request type (the address) is first met as a property, so this is not an 'else'.
        if (schema.Properties is { Count: > 0 } && RequiredMembers.For(context.JsonTypeInfo.Type) is { } members)
        {
            schema.Required = new HashSet<string>(members.Required, StringComparer.Ordinal);
            var notNull = members.Required.Concat(members.NotNull).Where(schema.Properties.ContainsKey).ToList();
            if (notNull.Count > 0)
            {
                schema.Extensions ??= new Dictionary<string, IOpenApiExtension>();
                schema.Extensions[NotNullMarker] = new JsonNodeExtension(new JsonArray([.. notNull.Select(name => (JsonNode)JsonValue.Create(name))]));
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>Removes <c>null</c> from the members marked by <see cref="Transform"/>, whatever wrapping the generator chose.</summary>
    public static Task Finish(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        foreach (var schema in document.Components?.Schemas?.Values.OfType<OpenApiSchema>() ?? [])
        {
            if (schema.Extensions?.TryGetValue(NotNullMarker, out var marker) != true || marker is not JsonNodeExtension { Node: JsonArray names })
            {
                continue;
            }

            schema.Extensions.Remove(NotNullMarker);
            foreach (var name in names.Select(n => n!.GetValue<string>()))
            {
                if (schema.Properties!.TryGetValue(name, out var property) && property is OpenApiSchema inline)
                {
                    NotNull(inline);
                }
            }
        }

        return Task.CompletedTask;
    }

    private static void NotNull(OpenApiSchema schema)
    {
        if (schema.Type is { } type)
        {
            schema.Type = type & ~JsonSchemaType.Null;
        }

        schema.Enum = schema.Enum is null ? null : [.. schema.Enum.Where(value => value is not null)];
        schema.OneOf = WithoutNull(schema.OneOf);
        schema.AnyOf = WithoutNull(schema.AnyOf);
    }

    private static List<IOpenApiSchema>? WithoutNull(IList<IOpenApiSchema>? branches)
    {
        if (branches is null)
        {
            return null;
        }

        var kept = branches.Where(b => b is not OpenApiSchema { Type: JsonSchemaType.Null }).ToList();
        foreach (var branch in kept.OfType<OpenApiSchema>())
        {
            NotNull(branch);
        }

        return kept;
    }

    /// <summary>The schema a shape describes: a merge-patch member's value branch, a list's items (except for the list's own size).</summary>
    private static OpenApiSchema Target(OpenApiSchema schema, FieldShapeAttribute shape)
    {
        var value = schema.AnyOf?.OfType<OpenApiSchema>().FirstOrDefault(b => b.Type != JsonSchemaType.Null) ?? schema;
        return shape is not ItemsAttribute && value.Type?.HasFlag(JsonSchemaType.Array) == true && value.Items is OpenApiSchema items ? items : value;
    }
}

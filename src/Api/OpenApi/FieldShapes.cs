using Microsoft.OpenApi;
using Scheduling.Domain.Common;

namespace Scheduling.Api.OpenApi;

/// <summary>
/// The wire shape of a request member, for the document only: each attribute names the domain rule the
/// validator runs for that member (its constants and pattern come from the rule's own type), and
/// <see cref="TypeSchemas"/> writes it as JSON Schema. OpenApiFieldRuleTests sends each documented bound to the
/// server, so a shape that no longer matches its rule fails a test.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
internal abstract class FieldShapeAttribute : Attribute
{
    public abstract void Apply(OpenApiSchema schema);

    /// <summary>
    /// Names a rule the value must also pass that no schema keyword states (a URL's shape, a real postcode), as an
    /// extension: an unknown 'format' would make Kiota warn, and OpenApiFieldRuleTests skips such members.
    /// </summary>
    internal static void MarkRule(OpenApiSchema schema, string rule)
    {
        schema.Extensions ??= new Dictionary<string, IOpenApiExtension>();
        schema.Extensions["x-rule"] = new JsonNodeExtension(System.Text.Json.Nodes.JsonValue.Create(rule));
    }

    internal static void Text(OpenApiSchema schema, int? min, int? max, string? pattern)
    {
        schema.MinLength = min;
        schema.MaxLength = max;
        schema.Pattern = pattern;
    }
}

/// <summary>An id with its prefix (<see cref="EntityId"/>); on an array, every item.</summary>
internal sealed class IdAttribute(string prefix) : FieldShapeAttribute
{
    public override void Apply(OpenApiSchema schema) =>
        Text(schema, prefix.Length + 1, prefix.Length + EntityId.MaxBodyLength, EntityId.Pattern(prefix));
}

/// <summary>E.164 (<see cref="PhoneNumber"/>); libphonenumber's numbering plans cannot be a pattern, so the description says so.</summary>
internal sealed class PhoneAttribute : FieldShapeAttribute
{
    public override void Apply(OpenApiSchema schema)
    {
        Text(schema, PhoneNumber.MinLength, PhoneNumber.MaxLength, PhoneNumber.Pattern);
        schema.Description = $"E.164: '+' then 6-15 digits, and a number that exists in its country's numbering plan, e.g. {PhoneNumber.Example}.";
    }
}

/// <summary>Free text of at most <paramref name="max"/> characters (<see cref="FieldRules.MaxLength"/>).</summary>
internal sealed class TextAttribute(int max) : FieldShapeAttribute
{
    /// <summary>At least this many characters (a name's minimum).</summary>
    public int Min { get; init; }

    /// <summary>Blank is refused as missing (<see cref="FieldRules.Required"/>): at least one non-space character.</summary>
    public bool NotBlank { get; init; }

    /// <summary>A rule checked beyond length (a URL's shape), see <see cref="FieldShapeAttribute.MarkRule"/>.</summary>
    public string? Rule { get; init; }

    public override void Apply(OpenApiSchema schema)
    {
        Text(schema, Min > 0 ? Min : NotBlank ? 1 : null, max, NotBlank ? FieldRules.NotBlankPattern : null);
        if (Rule is not null)
        {
            MarkRule(schema, Rule);
        }
    }
}

/// <summary>A text rule that is a pattern of its own (reason codes, NHS numbers), named by the rule's type.</summary>
internal sealed class PatternAttribute(string pattern, int max) : FieldShapeAttribute
{
    public string? Description { get; init; }

    public override void Apply(OpenApiSchema schema)
    {
        Text(schema, 1, max, pattern);
        schema.Description = Description ?? schema.Description;
    }
}

/// <summary>An integer in [<paramref name="min"/>, <paramref name="max"/>].</summary>
internal sealed class RangeAttribute(int min, int max) : FieldShapeAttribute
{
    public override void Apply(OpenApiSchema schema)
    {
        schema.Minimum = min.ToString(System.Globalization.CultureInfo.InvariantCulture);
        schema.Maximum = max.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}

/// <summary>A list of at most <paramref name="max"/> items; <see cref="Unique"/> when repeats are refused.</summary>
internal sealed class ItemsAttribute(int max) : FieldShapeAttribute
{
    public bool Unique { get; init; }

    public override void Apply(OpenApiSchema schema)
    {
        schema.MaxItems = max;
        schema.UniqueItems = Unique ? true : null;
    }
}

/// <summary>One of a fixed set of strings (the address's country).</summary>
internal sealed class OneOfAttribute(params string[] values) : FieldShapeAttribute
{
    public override void Apply(OpenApiSchema schema)
    {
        // An enum is checked against null too, so a nullable member lists it.
        var nullable = schema.Type?.HasFlag(JsonSchemaType.Null) == true;
        schema.Enum = [.. values.Select(v => (System.Text.Json.Nodes.JsonNode)System.Text.Json.Nodes.JsonValue.Create(v)), .. nullable ? new System.Text.Json.Nodes.JsonNode[] { null! } : []];
    }
}

/// <summary>An e-mail address as <c>Patient.IsEmailAddress</c> reads it.</summary>
internal sealed class EmailAttribute(int max) : FieldShapeAttribute
{
    public override void Apply(OpenApiSchema schema)
    {
        // No 'format: email': RFC 5322 allows addresses the rule refuses (quoted local parts, IP literals).
        Text(schema, 3, max, Domain.Patients.Patient.EmailPattern);
    }
}

/// <summary>A UK postcode (<see cref="Postcode"/>) in any case and spacing: the rule's own expression is the pattern.</summary>
internal sealed class UkPostcodeAttribute : FieldShapeAttribute
{
    public override void Apply(OpenApiSchema schema)
    {
        Text(schema, 1, Postcode.MaxLength, Postcode.Pattern);
        schema.Description = "A valid UK postcode in any case and spacing, e.g. 'sw1a1aa'; answered upper-case with one space ('SW1A 1AA').";
    }
}

/// <summary>An event type name as the audit trail spells it (<see cref="Domain.Webhooks.WebhookEndpoint.IsEventType"/>); on an array, every item.</summary>
internal sealed class EventTypeAttribute : FieldShapeAttribute
{
    public override void Apply(OpenApiSchema schema)
    {
        Text(schema, 3, Domain.Webhooks.WebhookEndpoint.MaxEventTypeLength, Domain.Webhooks.WebhookEndpoint.EventTypePattern);
        schema.Description = "An event type, e.g. 'appointment.scheduled' (see the document's 'webhooks' for the types sent today; types added later are accepted too).";
    }
}

using System.Text;
using System.Text.Json;

namespace Scheduling.Domain.Common;

/// <summary>
/// A client's free-form JSON object (appointment metadata, visit results), kept as the exact text it sent so it
/// is returned exactly as given (a jsonb column would reorder keys and reformat numbers).
/// </summary>
public sealed record Metadata(string Json)
{
    public const int MaxBytes = 16 * 1024;
    public const int MaxDepth = 10;

    /// <summary>An object (not an array or scalar), at most 16 KiB serialized and 10 levels deep.</summary>
    public static RuleViolation? Check(JsonElement value, string member)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            return RuleViolation.Invalid(member, $"'{member}' must be a JSON object or null.");
        }

        if (Encoding.UTF8.GetByteCount(value.GetRawText()) > MaxBytes)
        {
            return RuleViolation.Invalid(member, $"'{member}' must be at most {MaxBytes / 1024} KiB when serialized.");
        }

        return Depth(value) > MaxDepth ? RuleViolation.Invalid(member, $"'{member}' must be at most {MaxDepth} levels deep.") : null;
    }

    public static Metadata? From(JsonElement? value, string member)
    {
        if (value is not { ValueKind: not JsonValueKind.Null } element)
        {
            return null;
        }

        FieldRules.Enforce(Check(element, member));
        return new Metadata(element.GetRawText());
    }

    /// <summary>Depth of a JSON value: a scalar is 0, an object or array is one more than its deepest child.</summary>
    private static int Depth(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => 1 + element.EnumerateObject().Select(p => Depth(p.Value)).DefaultIfEmpty(0).Max(),
        JsonValueKind.Array => 1 + element.EnumerateArray().Select(Depth).DefaultIfEmpty(0).Max(),
        _ => 0,
    };
}

using NodaTime;

namespace Scheduling.Domain.Common;

/// <summary>
/// Identifiers are a prefix plus 1–64 characters of [A-Za-z0-9]. The ones we generate are a UUIDv7
/// in lower-case hex: 74 random bits behind a millisecond timestamp, so they are unguessable and sort
/// by creation time.
/// </summary>
public static class EntityId
{
    public const int MaxBodyLength = 64;

    /// <summary><see cref="IsValid"/> as a regular expression (ECMA-262), for the OpenAPI document.</summary>
    public static string Pattern(string prefix) => $"^{prefix}[A-Za-z0-9]{{1,{MaxBodyLength}}}$";

    public static bool IsValid(string? value, string prefix)
    {
        if (value is null || !value.StartsWith(prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var body = value.AsSpan(prefix.Length);
        if (body.Length is 0 or > MaxBodyLength)
        {
            return false;
        }

        foreach (var c in body)
        {
            if (!char.IsAsciiLetterOrDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    public static string Generate(string prefix, Instant now) =>
        prefix + Guid.CreateVersion7(now.ToDateTimeOffset()).ToString("N");

    public static RuleViolation? Check(string? value, string prefix, string member) =>
        IsValid(value, prefix) ? null : RuleViolation.Invalid(member, $"'{member}' must be '{prefix}' followed by 1-{MaxBodyLength} letters or digits.");

    public static string Require(string? value, string prefix, string member)
    {
        FieldRules.Enforce(Check(value, prefix, member));
        return value!;
    }
}

/// <summary>The prefixes of the contract's identifiers.</summary>
public static class IdPrefix
{
    public const string Organisation = "org_";
    public const string Patient = "p_";
    public const string Task = "tsk_";
    public const string Window = "win_";
    public const string Appointment = "apt_";
    public const string Document = "doc_";
}

namespace Scheduling.Domain.Common;

/// <summary>
/// A phone number in E.164 form: '+' then 6–15 digits (7–16 characters). Whether the number exists in a
/// numbering plan is checked at the edge with libphonenumber; the domain keeps the shape invariant.
/// </summary>
public sealed record PhoneNumber
{
    private PhoneNumber(string value) => Value = value;

    /// <summary>The number error messages cite: a real-format UK mobile number the validators accept.</summary>
    public const string Example = "+447911123456";

    public const int MinLength = 7;
    public const int MaxLength = 16;

    /// <summary><see cref="IsE164"/> as a regular expression (ECMA-262), for the OpenAPI document.</summary>
    public const string Pattern = "^\\+[1-9][0-9]{5,14}$";

    public string Value { get; }

    public static bool IsE164(string? value)
    {
        if (value is null || value.Length is < MinLength or > MaxLength || value[0] != '+' || value[1] == '0')
        {
            return false;
        }

        foreach (var c in value.AsSpan(1))
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    public static RuleViolation? Check(string? value, string member) =>
        FieldRules.Required(value, member)
        ?? (IsE164(value) ? null : RuleViolation.Invalid(member, $"'{member}' must be in E.164 form: '+' then 6-15 digits, e.g. {Example}."));

    public static PhoneNumber Create(string? value, string member = "phone")
    {
        FieldRules.Enforce(Check(value, member));
        return new PhoneNumber(value!);
    }

    public override string ToString() => Value;
}

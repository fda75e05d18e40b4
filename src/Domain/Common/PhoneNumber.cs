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

    public string Value { get; }

    public static bool IsE164(string? value)
    {
        if (value is null || value.Length is < 7 or > 16 || value[0] != '+' || value[1] == '0')
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

namespace Scheduling.Domain.Common;

/// <summary>
/// A phone number in E.164 form: '+' then 6–15 digits (7–16 characters). Whether the number exists in a
/// numbering plan is checked at the edge with libphonenumber; the domain keeps the shape invariant.
/// </summary>
public sealed record PhoneNumber
{
    private PhoneNumber(string value) => Value = value;

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

    public static PhoneNumber Create(string? value, string field = "phone") =>
        IsE164(value)
            ? new PhoneNumber(value!)
            : throw DomainException.Invalid("validation_failed", field, $"'{field}' must be an E.164 number: '+' then 6-15 digits.");

    public override string ToString() => Value;
}

using NodaTime;
using Scheduling.Domain.Common;

namespace Scheduling.Domain.Patients;

/// <summary>A person who receives visits. Stored as a document: its history is not part of the audit scope.</summary>
public sealed record Patient(
    string Id,
    string FirstName,
    string LastName,
    string Phone,
    string Email,
    LocalDate DateOfBirth,
    string? NhsNumber,
    string? ExternalRef,
    Address? Address,
    Instant CreatedAt)
{
    public const int MinNameLength = 2;
    public const int MaxNameLength = 100;
    public const int MaxEmailLength = 254;
    public const int MaxExternalRefLength = 256;

    public static RuleViolation? CheckName(string? value, string member) =>
        FieldRules.Required(value, member)
        ?? (value!.Length is < MinNameLength or > MaxNameLength
            ? RuleViolation.Invalid(member, $"'{member}' must be {MinNameLength}-{MaxNameLength} characters.")
            : null);

    public static RuleViolation? CheckEmail(string? value) =>
        FieldRules.RequiredWithin(value, MaxEmailLength, "email")
        ?? (IsEmailAddress(value) ? null : RuleViolation.Invalid("email", "'email' must be a valid e-mail address."));

    public static RuleViolation? CheckDateOfBirth(LocalDate value, LocalDate today) =>
        value < today ? null : RuleViolation.Invalid("dateOfBirth", "'dateOfBirth' must be in the past.");

    public static RuleViolation? CheckNhsNumber(string? value) =>
        value is null || IsValidNhsNumber(value) ? null : RuleViolation.Invalid("nhsNumber", "'nhsNumber' must be 10 digits with a valid modulus-11 check digit.");

    public static RuleViolation? CheckExternalRef(string? value) => FieldRules.MaxLength(value, MaxExternalRefLength, "externalRef");

    /// <summary>A new patient: enforces every field rule (the validator reported them earlier, all at once).</summary>
    public static Patient Register(
        string id, string firstName, string lastName, PhoneNumber phone, string email, LocalDate dateOfBirth, string? nhsNumber, string? externalRef, Address? address, LocalDate today, Instant now)
    {
        FieldRules.Enforce(
            EntityId.Check(id, IdPrefix.Patient, "id"),
            CheckName(firstName, "firstName"),
            CheckName(lastName, "lastName"),
            CheckEmail(email),
            CheckDateOfBirth(dateOfBirth, today),
            CheckNhsNumber(nhsNumber),
            CheckExternalRef(externalRef));
        return new Patient(id, firstName, lastName, phone.Value, email, dateOfBirth, nhsNumber, externalRef, address, now);
    }

    // One '@', a non-empty local part, a dotted domain of letters, digits and hyphens; no spaces or control characters.
    public static bool IsEmailAddress(string? value)
    {
        if (value is null || value.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            return false;
        }

        var at = value.IndexOf('@', StringComparison.Ordinal);
        if (at <= 0 || at != value.LastIndexOf('@') || at == value.Length - 1)
        {
            return false;
        }

        var labels = value[(at + 1)..].Split('.');
        return labels.Length >= 2 && labels.All(l => l.Length is > 0 and <= 63 && l.All(c => char.IsAsciiLetterOrDigit(c) || c == '-') && l[0] != '-' && l[^1] != '-');
    }

    /// <summary>NHS numbers are 10 digits whose last is a modulus-11 check digit (a remainder of 10 is never issued).</summary>
    public static bool IsValidNhsNumber(string? value)
    {
        if (value is not { Length: 10 } || !value.All(char.IsAsciiDigit))
        {
            return false;
        }

        var sum = 0;
        for (var i = 0; i < 9; i++)
        {
            sum += (value[i] - '0') * (10 - i);
        }

        var check = 11 - (sum % 11);
        if (check == 11)
        {
            check = 0;
        }

        return check != 10 && check == value[9] - '0';
    }
}

using NodaTime;
using Scheduling.Domain.Common;

namespace Scheduling.Domain.Patients;

/// <summary>How the patient is addressed (snake_case on the wire).</summary>
public enum PatientTitle
{
    Mr,
    Mrs,
    Miss,
    Ms,
    Mx,
    Dr,
    Prof,
    Rev,
}

/// <summary>The patient's sex as the client records it (snake_case on the wire).</summary>
public enum PatientSex
{
    Male,
    Female,
    Other,
    Unknown,
}

/// <summary>Everything a client sets on a patient: what create takes, and what a patch leaves after merging.</summary>
public sealed record PatientDetails(
    string FirstName,
    string LastName,
    PhoneNumber Phone,
    string Email,
    LocalDate DateOfBirth,
    string? NhsNumber,
    string? ExternalRef,
    Address? Address,
    PatientTitle? Title,
    PatientSex? Sex,
    string? Note);

/// <summary>
/// A person who receives visits. Stored as a document holding the current personal data (so it can be corrected
/// and erased); its changes are recorded in an audit stream of <see cref="PatientRegistered"/> and
/// <see cref="PatientUpdated"/> events that name fields but carry no values (docs/adr/0005-patients-current-name-and-audit.md).
/// </summary>
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
    PatientTitle? Title,
    PatientSex? Sex,
    string? Note,
    Instant CreatedAt,
    Instant UpdatedAt,
    Instant? ErasedAt = null)
{
    public const int MinNameLength = 2;
    public const int MaxNameLength = 100;
    public const int MaxEmailLength = 254;
    public const int MaxExternalRefLength = 256;
    public const int MaxNoteLength = 2000;

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

    public static RuleViolation? CheckNote(string? value) => FieldRules.MaxLength(value, MaxNoteLength, "note");

    /// <summary>A new patient: enforces every field rule (the validator reported them earlier, all at once).</summary>
    public static Patient Register(string id, PatientDetails details, LocalDate today, Instant now)
    {
        FieldRules.Enforce(EntityId.Check(id, IdPrefix.Patient, "id"));
        Enforce(details, today);
        return From(id, details, now, now);
    }

    /// <summary>
    /// The patient with <paramref name="next"/> as its details, enforcing create's rules, and the JSON names of the
    /// fields that changed (none: the same patient, <c>updatedAt</c> untouched).
    /// </summary>
    public (Patient Patient, IReadOnlyList<string> ChangedFields) Amend(PatientDetails next, LocalDate today, Instant now)
    {
        Enforce(next, today);
        var current = Details;
        var changed = new List<string>();
        void Compare<T>(T before, T after, string field)
        {
            if (!EqualityComparer<T>.Default.Equals(before, after))
            {
                changed.Add(field);
            }
        }

        Compare(current.FirstName, next.FirstName, "firstName");
        Compare(current.LastName, next.LastName, "lastName");
        Compare(current.Phone, next.Phone, "phone");
        Compare(current.Email, next.Email, "email");
        Compare(current.DateOfBirth, next.DateOfBirth, "dateOfBirth");
        Compare(current.NhsNumber, next.NhsNumber, "nhsNumber");
        Compare(current.ExternalRef, next.ExternalRef, "externalRef");
        Compare(current.Address, next.Address, "address");
        Compare(current.Title, next.Title, "title");
        Compare(current.Sex, next.Sex, "sex");
        Compare(current.Note, next.Note, "note");
        return changed.Count == 0 ? (this, changed) : (From(Id, next, CreatedAt, now) with { ErasedAt = ErasedAt }, changed);
    }

    /// <summary>
    /// The patient with its personal data replaced (<see cref="PersonalData.Patient"/>) and, the first time, the
    /// <see cref="PatientErased"/> event; erasing again masks again (anything written since) but records nothing new.
    /// </summary>
    public (Patient Patient, PatientErased? Erased) Erase(Instant now)
    {
        var masked = PersonalData.Patient(this, now);
        return ErasedAt is null ? (masked with { UpdatedAt = now }, new PatientErased(Id, now)) : (masked, null);
    }

    /// <summary>The client-set values as they stand.</summary>
    public PatientDetails Details =>
        new(FirstName, LastName, PhoneNumber.Create(Phone), Email, DateOfBirth, NhsNumber, ExternalRef, Address, Title, Sex, Note);

    private static void Enforce(PatientDetails details, LocalDate today) =>
        FieldRules.Enforce(
            CheckName(details.FirstName, "firstName"),
            CheckName(details.LastName, "lastName"),
            CheckEmail(details.Email),
            CheckDateOfBirth(details.DateOfBirth, today),
            CheckNhsNumber(details.NhsNumber),
            CheckExternalRef(details.ExternalRef),
            CheckNote(details.Note));

    private static Patient From(string id, PatientDetails d, Instant createdAt, Instant updatedAt) =>
        new(id, d.FirstName, d.LastName, d.Phone.Value, d.Email, d.DateOfBirth, d.NhsNumber, d.ExternalRef, d.Address, d.Title, d.Sex, d.Note, createdAt, updatedAt);

    /// <summary><see cref="IsEmailAddress"/> as a regular expression (ECMA-262), for the OpenAPI document.</summary>
    public const string EmailPattern = "^[^@\\s\\x00-\\x1f\\x7f-\\x9f]+@([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$";

    /// <summary>The shape half of <see cref="IsValidNhsNumber"/> (the check digit is no pattern).</summary>
    public const string NhsNumberPattern = "^[0-9]{10}$";

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

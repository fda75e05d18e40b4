using NodaTime;
using Scheduling.Application.Common.Validation;
using Scheduling.Domain.Common;
using Scheduling.Domain.Patients;

namespace Scheduling.Application.Patients;

/// <summary>
/// Patient fields as a merge patch: each absent, set, or (optional fields only) cleared. Create is the patch that sets
/// everything, so create and update report the same rules from one place (<see cref="Check"/>), and the domain
/// enforces them again on the merged result.
/// </summary>
public sealed record PatientPatch(
    Optional<string> FirstName,
    Optional<string> LastName,
    Optional<string> Phone,
    Optional<string> Email,
    Optional<LocalDate> DateOfBirth,
    Optional<string?> NhsNumber,
    Optional<string?> ExternalRef,
    Optional<AddressInput?> Address,
    Optional<PatientTitle?> Title,
    Optional<PatientSex?> Sex,
    Optional<string?> Note)
{
    /// <summary>Every broken rule of the fields present, keyed by JSON path.</summary>
    public IEnumerable<RuleViolation> Check(LocalDate today)
    {
        RuleViolation?[] single =
        [
            FirstName.HasValue ? Patient.CheckName(FirstName.Value, "firstName") : null,
            LastName.HasValue ? Patient.CheckName(LastName.Value, "lastName") : null,
            Phone.HasValue ? ContractRules.CheckPhoneNumber(Phone.Value, "phone") : null,
            Email.HasValue ? Patient.CheckEmail(Email.Value) : null,
            DateOfBirth.HasValue ? Patient.CheckDateOfBirth(DateOfBirth.Value, today) : null,
            NhsNumber.HasValue ? Patient.CheckNhsNumber(NhsNumber.Value) : null,
            ExternalRef.HasValue ? Patient.CheckExternalRef(ExternalRef.Value) : null,
            Note.HasValue ? Patient.CheckNote(Note.Value) : null,
        ];
        var address = Address is { HasValue: true, Value: { } input } ? input.Check("address") : [];
        return single.OfType<RuleViolation>().Concat(address);
    }

    /// <summary>The details after the patch: set members replace, absent ones keep <paramref name="current"/>'s.</summary>
    public PatientDetails ApplyTo(PatientDetails current) =>
        new(
            FirstName.Or(current.FirstName),
            LastName.Or(current.LastName),
            Phone.HasValue ? PhoneNumber.Create(Phone.Value) : current.Phone,
            Email.Or(current.Email),
            DateOfBirth.Or(current.DateOfBirth),
            NhsNumber.Or(current.NhsNumber),
            ExternalRef.Or(current.ExternalRef),
            Address.HasValue ? Address.Value?.ToAddress("address") : current.Address,
            Title.Or(current.Title),
            Sex.Or(current.Sex),
            Note.Or(current.Note));
}

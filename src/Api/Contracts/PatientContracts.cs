using Scheduling.Api.OpenApi;
using Scheduling.Domain.Common;
using NodaTime;
using Scheduling.Application.Common.Listing;
using Scheduling.Application.Common.Validation;
using Scheduling.Application.Patients;
using Scheduling.Application.Patients.Register;
using Scheduling.Application.Patients.Update;
using Scheduling.Domain.Patients;

namespace Scheduling.Api.Contracts;

/// <summary>Body of <c>POST /v1/patients</c>, as JSON can carry it; <c>title</c> and <c>sex</c> are bound by the JSON enum converter.</summary>
public sealed record RegisterPatientRequest(
    [property: Text(Patient.MaxNameLength, Min = Patient.MinNameLength, NotBlank = true)] string? FirstName,
    [property: Text(Patient.MaxNameLength, Min = Patient.MinNameLength, NotBlank = true)] string? LastName,
    [property: Phone] string? Phone,
    [property: Email(Patient.MaxEmailLength)] string? Email,
    LocalDate? DateOfBirth,
    [property: Pattern(Patient.NhsNumberPattern, 10, Description = "10 digits whose last is a valid modulus-11 check digit.")] string? NhsNumber,
    [property: Text(Patient.MaxExternalRefLength)] string? ExternalRef,
    AddressRequest? Address,
    PatientTitle? Title = null,
    PatientSex? Sex = null,
    [property: Text(Patient.MaxNoteLength)] string? Note = null)
{
    public RegisterPatient ToCommand()
    {
        var required = new RequiredFields();
        return required.Complete(new RegisterPatient(
            required.Get(FirstName, "firstName"),
            required.Get(LastName, "lastName"),
            required.Get(Phone, "phone"),
            required.Get(Email, "email"),
            required.Get(DateOfBirth, "dateOfBirth"),
            NhsNumber,
            ExternalRef,
            Address?.ToInput(required, "address"),
            Title,
            Sex,
            Note));
    }
}

/// <summary>
/// Body of <c>PATCH /v1/patients/{id}</c> (RFC 7396): an absent member leaves the field, <c>null</c> clears an optional
/// one (and is refused for a required one), <c>address</c> is replaced as a whole object. Any other member → 400.
/// </summary>
public sealed record PatchPatientRequest(
    [property: Text(Patient.MaxNameLength, Min = Patient.MinNameLength, NotBlank = true)] Optional<string?> FirstName,
    [property: Text(Patient.MaxNameLength, Min = Patient.MinNameLength, NotBlank = true)] Optional<string?> LastName,
    [property: Phone] Optional<string?> Phone,
    [property: Email(Patient.MaxEmailLength)] Optional<string?> Email,
    Optional<LocalDate?> DateOfBirth,
    [property: Pattern(Patient.NhsNumberPattern, 10, Description = "10 digits whose last is a valid modulus-11 check digit.")] Optional<string?> NhsNumber,
    [property: Text(Patient.MaxExternalRefLength)] Optional<string?> ExternalRef,
    Optional<AddressRequest?> Address,
    Optional<PatientTitle?> Title,
    Optional<PatientSex?> Sex,
    [property: Text(Patient.MaxNoteLength)] Optional<string?> Note)
{
    public UpdatePatient ToCommand(string patientId)
    {
        var required = new RequiredFields();
        return required.Complete(new UpdatePatient(
            patientId,
            new PatientPatch(
                required.Get(FirstName, "firstName"),
                required.Get(LastName, "lastName"),
                required.Get(Phone, "phone"),
                required.Get(Email, "email"),
                required.Get(DateOfBirth, "dateOfBirth"),
                NhsNumber,
                ExternalRef,
                Address.HasValue ? new Optional<AddressInput?>(Address.Value?.ToInput(required, "address")) : default,
                Title,
                Sex,
                Note)));
    }
}

public sealed record PatientResponse(
    string Id,
    PatientTitle? Title,
    string FirstName,
    string LastName,
    PatientSex? Sex,
    string Phone,
    string Email,
    LocalDate DateOfBirth,
    string? NhsNumber,
    string? ExternalRef,
    AddressResponse? Address,
    string? Note,
    Instant CreatedAt,
    Instant UpdatedAt)
{
    public static PatientResponse From(Patient p) =>
        new(p.Id, p.Title, p.FirstName, p.LastName, p.Sex, p.Phone, p.Email, p.DateOfBirth, p.NhsNumber, p.ExternalRef, p.Address is { } a ? AddressResponse.From(a) : null, p.Note, p.CreatedAt, p.UpdatedAt);
}

public sealed record PatientPageResponse(IReadOnlyList<PatientResponse> Data, string? NextCursor)
{
    public static PatientPageResponse From(ListPage<Patient> page) => new([.. page.Data.Select(PatientResponse.From)], page.NextCursor);
}

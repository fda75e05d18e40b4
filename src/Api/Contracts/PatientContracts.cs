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
    string? FirstName,
    string? LastName,
    string? Phone,
    string? Email,
    LocalDate? DateOfBirth,
    string? NhsNumber,
    string? ExternalRef,
    AddressRequest? Address,
    PatientTitle? Title = null,
    PatientSex? Sex = null,
    string? Note = null)
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
    Optional<string?> FirstName,
    Optional<string?> LastName,
    Optional<string?> Phone,
    Optional<string?> Email,
    Optional<LocalDate?> DateOfBirth,
    Optional<string?> NhsNumber,
    Optional<string?> ExternalRef,
    Optional<AddressRequest?> Address,
    Optional<PatientTitle?> Title,
    Optional<PatientSex?> Sex,
    Optional<string?> Note)
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

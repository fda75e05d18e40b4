using NodaTime;
using Scheduling.Application.Common.Validation;
using Scheduling.Application.Patients.Register;
using Scheduling.Domain.Patients;

namespace Scheduling.Api.Contracts;

/// <summary>Body of <c>POST /v1/patients</c>, as JSON can carry it.</summary>
public sealed record RegisterPatientRequest(
    string? FirstName,
    string? LastName,
    string? Phone,
    string? Email,
    LocalDate? DateOfBirth,
    string? NhsNumber,
    string? ExternalRef,
    AddressRequest? Address)
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
            Address?.ToInput(required, "address")));
    }
}

public sealed record PatientResponse(
    string Id,
    string FirstName,
    string LastName,
    string Phone,
    string Email,
    LocalDate DateOfBirth,
    string? NhsNumber,
    string? ExternalRef,
    AddressResponse? Address,
    Instant CreatedAt)
{
    public static PatientResponse From(Patient p) =>
        new(p.Id, p.FirstName, p.LastName, p.Phone, p.Email, p.DateOfBirth, p.NhsNumber, p.ExternalRef, p.Address is { } a ? AddressResponse.From(a) : null, p.CreatedAt);
}

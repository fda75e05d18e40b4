using FluentValidation;
using MediatR;
using NodaTime;
using Scheduling.Application.Common.Persistence;
using Scheduling.Application.Common.Tenancy;
using Scheduling.Application.Common.Validation;
using Scheduling.Domain.Common;
using Scheduling.Domain.Patients;

namespace Scheduling.Application.Patients.Register;

/// <summary><c>POST /v1/patients</c>: required members are present (the edge saw to that); the validator checks their rules.</summary>
public sealed record RegisterPatient(
    string FirstName,
    string LastName,
    string Phone,
    string Email,
    LocalDate DateOfBirth,
    string? NhsNumber,
    string? ExternalRef,
    AddressInput? Address,
    PatientTitle? Title = null,
    PatientSex? Sex = null,
    string? Note = null) : IRequest<Patient>
{
    /// <summary>Create as the patch that sets every field.</summary>
    public PatientPatch AsPatch() =>
        new(new(FirstName), new(LastName), new(Phone), new(Email), new(DateOfBirth), new(NhsNumber), new(ExternalRef), new(Address), new(Title), new(Sex), new(Note));
}

public sealed class RegisterPatientValidator : AbstractValidator<RegisterPatient>
{
    public RegisterPatientValidator(ITenantContext tenant, IClock clock) =>
        RuleFor(p => p).Satisfies(p => p.AsPatch().Check(tenant.Organisation.Today(clock.GetCurrentInstant())));
}

public sealed class RegisterPatientHandler(ITenantContext tenant, IPatients patients, IUnitOfWork unitOfWork, IClock clock) : IRequestHandler<RegisterPatient, Patient>
{
    public async Task<Patient> Handle(RegisterPatient request, CancellationToken cancellationToken)
    {
        var now = clock.GetCurrentInstant();
        var details = new PatientDetails(
            request.FirstName,
            request.LastName,
            PhoneNumber.Create(request.Phone),
            request.Email,
            request.DateOfBirth,
            request.NhsNumber,
            request.ExternalRef,
            request.Address?.ToAddress("address"),
            request.Title,
            request.Sex,
            request.Note);
        var patient = Patient.Register(EntityId.Generate(IdPrefix.Patient, now), details, tenant.Organisation.Today(now), now);
        patients.Add(patient, new PatientRegistered(patient.Id, now));
        await unitOfWork.Commit(cancellationToken);
        return patient;
    }
}

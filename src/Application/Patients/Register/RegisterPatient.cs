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
    AddressInput? Address) : IRequest<Patient>;

public sealed class RegisterPatientValidator : AbstractValidator<RegisterPatient>
{
    public RegisterPatientValidator(ITenantContext tenant, IClock clock)
    {
        RuleFor(p => p.FirstName).Satisfies(name => Patient.CheckName(name, "firstName"));
        RuleFor(p => p.LastName).Satisfies(name => Patient.CheckName(name, "lastName"));
        RuleFor(p => p.Phone).MustBePhoneNumber("phone");
        RuleFor(p => p.Email).Satisfies(Patient.CheckEmail);
        RuleFor(p => p.DateOfBirth).Satisfies(date => Patient.CheckDateOfBirth(date, tenant.Organisation.Today(clock.GetCurrentInstant())));
        RuleFor(p => p.NhsNumber).Satisfies(Patient.CheckNhsNumber);
        RuleFor(p => p.ExternalRef).Satisfies(Patient.CheckExternalRef);
        RuleFor(p => p.Address).Satisfies(address => address!.Check("address")).When(p => p.Address is not null);
    }
}

public sealed class RegisterPatientHandler(ITenantContext tenant, IPatients patients, IUnitOfWork unitOfWork, IClock clock) : IRequestHandler<RegisterPatient, Patient>
{
    public async Task<Patient> Handle(RegisterPatient request, CancellationToken cancellationToken)
    {
        var now = clock.GetCurrentInstant();
        var patient = Patient.Register(
            EntityId.Generate(IdPrefix.Patient, now),
            request.FirstName,
            request.LastName,
            PhoneNumber.Create(request.Phone),
            request.Email,
            request.DateOfBirth,
            request.NhsNumber,
            request.ExternalRef,
            request.Address?.ToAddress("address"),
            tenant.Organisation.Today(now),
            now);
        patients.Add(patient);
        await unitOfWork.Commit(cancellationToken);
        return patient;
    }
}

using FluentValidation;
using MediatR;
using NodaTime;
using Scheduling.Application.Common.Persistence;
using Scheduling.Application.Common.Tenancy;
using Scheduling.Application.Common.Validation;
using Scheduling.Domain.Common;
using Scheduling.Domain.Patients;

namespace Scheduling.Application.Patients.Register;

/// <summary><c>POST /v1/patients</c>.</summary>
public sealed record RegisterPatient(
    string? FirstName,
    string? LastName,
    string? Phone,
    string? Email,
    LocalDate? DateOfBirth,
    string? NhsNumber,
    string? ExternalRef,
    AddressInput? Address) : IRequest<Patient>;

public sealed class RegisterPatientValidator : AbstractValidator<RegisterPatient>
{
    public const int MinNameLength = 2;
    public const int MaxNameLength = 100;
    public const int MaxEmailLength = 254;
    public const int MaxExternalRefLength = 256;

    public RegisterPatientValidator(ITenantContext tenant, IClock clock)
    {
        RuleFor(p => p.FirstName).NotEmpty().WithMessage("'{PropertyName}' is required.").Length(MinNameLength, MaxNameLength);
        RuleFor(p => p.LastName).NotEmpty().WithMessage("'{PropertyName}' is required.").Length(MinNameLength, MaxNameLength);
        RuleFor(p => p.Phone).MustBePhoneNumber();
        RuleFor(p => p.Email)
            .NotEmpty().WithMessage("'{PropertyName}' is required.")
            .MaximumLength(MaxEmailLength)
            .Must(IsEmailAddress).WithMessage("'{PropertyName}' must be a valid e-mail address.");
        RuleFor(p => p.DateOfBirth)
            .NotNull().WithMessage("'{PropertyName}' is required.")
            .Must(d => d < tenant.Organisation.Today(clock.GetCurrentInstant())).WithMessage("'{PropertyName}' must be in the past.");
        RuleFor(p => p.NhsNumber)
            .Must(Patient.IsValidNhsNumber).When(p => p.NhsNumber is not null)
            .WithMessage("'{PropertyName}' must be 10 digits with a valid modulus-11 check digit.");
        RuleFor(p => p.ExternalRef).MaximumLength(MaxExternalRefLength);
        RuleFor(p => p.Address).SetValidator(new AddressInputValidator()!).When(p => p.Address is not null);
    }

    // One '@', a non-empty local part, a dotted domain of letters, digits and hyphens; no spaces or control characters.
    private static bool IsEmailAddress(string? value)
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
}

public sealed class RegisterPatientHandler(IPatients patients, IUnitOfWork unitOfWork, IClock clock) : IRequestHandler<RegisterPatient, Patient>
{
    public async Task<Patient> Handle(RegisterPatient request, CancellationToken cancellationToken)
    {
        var now = clock.GetCurrentInstant();
        var patient = new Patient(
            EntityId.Generate(IdPrefix.Patient, now),
            request.FirstName!,
            request.LastName!,
            PhoneNumber.Create(request.Phone).Value,
            request.Email!,
            request.DateOfBirth!.Value,
            request.NhsNumber,
            request.ExternalRef,
            request.Address?.ToAddress("address"),
            now);
        patients.Add(patient);
        await unitOfWork.Commit(cancellationToken);
        return patient;
    }
}

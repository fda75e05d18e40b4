using FluentValidation;
using MediatR;
using NodaTime;
using Scheduling.Application.Common.Exceptions;
using Scheduling.Application.Common.Persistence;
using Scheduling.Application.Common.Tenancy;
using Scheduling.Application.Common.Validation;
using Scheduling.Domain.Patients;

namespace Scheduling.Application.Patients.Update;

/// <summary><c>PATCH /v1/patients/{id}</c>: a merge patch whose required fields are never cleared (the edge refused that).</summary>
public sealed record UpdatePatient(string PatientId, PatientPatch Patch) : IRequest<Patient>;

public sealed class UpdatePatientValidator : AbstractValidator<UpdatePatient>
{
    public UpdatePatientValidator(ITenantContext tenant, IClock clock) =>
        RuleFor(c => c.Patch).Satisfies(patch => patch.Check(tenant.Organisation.Today(clock.GetCurrentInstant())));
}

/// <summary>Load (or 404), merge, let the patient enforce create's rules, store with an audit event naming the changed fields; no change, no event.</summary>
public sealed class UpdatePatientHandler(ITenantContext tenant, IPatients patients, IUnitOfWork unitOfWork, IClock clock) : IRequestHandler<UpdatePatient, Patient>
{
    public async Task<Patient> Handle(UpdatePatient request, CancellationToken cancellationToken)
    {
        var loaded = await patients.Load(request.PatientId, cancellationToken) ?? throw new NotFoundException("Patient", request.PatientId);
        var now = clock.GetCurrentInstant();
        var (changed, fields) = loaded.Patient.Amend(request.Patch.ApplyTo(loaded.Patient.Details), tenant.Organisation.Today(now), now);
        if (fields.Count == 0)
        {
            return loaded.Patient;
        }

        patients.Update(loaded, changed, new PatientUpdated(changed.Id, fields, now));
        await unitOfWork.Commit(cancellationToken);
        return changed;
    }
}

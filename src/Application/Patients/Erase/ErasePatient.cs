using MediatR;
using NodaTime;
using Scheduling.Application.Common.Exceptions;
using Scheduling.Application.Common.Persistence;
using Scheduling.Domain.Patients;

namespace Scheduling.Application.Patients.Erase;

/// <summary><c>POST /v1/patients/{id}/erase</c> (operations keys only): the patient's personal data replaced everywhere it is stored.</summary>
public sealed record ErasePatient(string PatientId) : IRequest<Patient>;

/// <summary>
/// Load (or 404), let the patient mask itself (<see cref="PersonalData"/>), stage the masking of every copy
/// (<see cref="IPatientErasure"/>), commit once: nothing is half-masked. Erasing again masks again and records nothing new.
/// </summary>
public sealed class ErasePatientHandler(IPatients patients, IPatientErasure erasure, IUnitOfWork unitOfWork, IClock clock) : IRequestHandler<ErasePatient, Patient>
{
    public async Task<Patient> Handle(ErasePatient request, CancellationToken cancellationToken)
    {
        var loaded = await patients.Load(request.PatientId, cancellationToken) ?? throw new NotFoundException("Patient", request.PatientId);
        var (erased, erasedEvent) = loaded.Patient.Erase(clock.GetCurrentInstant());
        await erasure.Stage(loaded, erased, erasedEvent, cancellationToken);
        await unitOfWork.Commit(cancellationToken);
        return erased;
    }
}

using MediatR;
using Scheduling.Application.Common.Exceptions;
using Scheduling.Domain.Patients;

namespace Scheduling.Application.Patients.GetById;

public sealed record GetPatient(string Id) : IRequest<Patient>;

public sealed class GetPatientHandler(IPatients patients) : IRequestHandler<GetPatient, Patient>
{
    public async Task<Patient> Handle(GetPatient request, CancellationToken cancellationToken) =>
        await patients.Find(request.Id, cancellationToken) ?? throw new NotFoundException("Patient", request.Id);
}

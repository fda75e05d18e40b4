using MediatR;
using Scheduling.Domain.Appointments;

namespace Scheduling.Application.Appointments.GetById;

public sealed record GetAppointment(string Id) : IRequest<Appointment>;

public sealed class GetAppointmentHandler(IAppointmentReadModels readModels) : IRequestHandler<GetAppointment, Appointment>
{
    public async Task<Appointment> Handle(GetAppointment request, CancellationToken cancellationToken) =>
        await readModels.FindOrNotFound(request.Id, cancellationToken);
}

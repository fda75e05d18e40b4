using MediatR;

namespace Scheduling.Application.Appointments.GetById;

public sealed record GetAppointment(string Id) : IRequest<AppointmentDetails>;

/// <summary>Reads of the appointment read model, scoped to the caller's tenant.</summary>
public interface IAppointmentReadModels
{
    Task<AppointmentDetails?> Find(string appointmentId, CancellationToken cancellationToken);
}

public sealed class GetAppointmentHandler(IAppointmentReadModels readModels) : IRequestHandler<GetAppointment, AppointmentDetails>
{
    public async Task<AppointmentDetails> Handle(GetAppointment request, CancellationToken cancellationToken) =>
        await readModels.FindOrNotFound(request.Id, cancellationToken);
}

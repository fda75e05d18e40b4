using Scheduling.Application.Appointments.GetById;
using Scheduling.Application.Common.Exceptions;

namespace Scheduling.Application.Appointments;

/// <summary>The "or 404" of every command and query addressed to one appointment.</summary>
public static class AppointmentLookups
{
    public static async Task<AppointmentStream> LoadOrNotFound(this IAppointmentEvents events, string appointmentId, CancellationToken cancellationToken) =>
        await events.Load(appointmentId, cancellationToken) ?? throw new NotFoundException("Appointment", appointmentId);

    public static async Task<AppointmentDetails> FindOrNotFound(this IAppointmentReadModels readModels, string appointmentId, CancellationToken cancellationToken) =>
        await readModels.Find(appointmentId, cancellationToken) ?? throw new NotFoundException("Appointment", appointmentId);
}

using Scheduling.Application.Common.Persistence;
using Scheduling.Domain.Appointments;

namespace Scheduling.Application.Appointments;

/// <summary>
/// The appointment event streams. Appends are staged on the handle and committed by <see cref="IUnitOfWork"/>,
/// so an appointment and a window booking land in one transaction.
/// </summary>
public interface IAppointmentStreams
{
    /// <summary>The appointment of the caller's tenant, for writing; null when it does not exist.</summary>
    Task<IWriteStream<Appointment>?> Load(string appointmentId, CancellationToken cancellationToken);

    /// <summary>Starts a new stream with its first events.</summary>
    void Start(string appointmentId, IReadOnlyList<object> events);
}

/// <summary>Reads of the appointment read model (the inline projection of <see cref="Appointment.Evolve"/>), scoped to the caller's tenant.</summary>
public interface IAppointmentReadModels
{
    Task<Appointment?> Find(string appointmentId, CancellationToken cancellationToken);
}

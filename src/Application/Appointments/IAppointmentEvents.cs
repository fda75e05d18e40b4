using Scheduling.Domain.Appointments;

namespace Scheduling.Application.Appointments;

/// <summary>An appointment's state rebuilt from its stream, and the stream version it was read at.</summary>
public sealed record AppointmentStream(Appointment State, long Version);

/// <summary>
/// The appointment event streams. Writes are staged and committed by <see cref="Common.Persistence.IUnitOfWork"/>,
/// so an appointment and a window booking land in one transaction.
/// </summary>
public interface IAppointmentEvents
{
    Task<AppointmentStream?> Load(string appointmentId, CancellationToken cancellationToken);

    void Start(string appointmentId, IReadOnlyList<object> events);

    /// <summary>Appends only if the stream is still at <paramref name="expectedVersion"/>; otherwise the commit fails with a conflict.</summary>
    void Append(string appointmentId, long expectedVersion, IReadOnlyList<object> events);
}

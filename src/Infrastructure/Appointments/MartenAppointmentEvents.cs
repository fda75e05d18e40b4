using JasperFx.Events;
using Marten;
using Scheduling.Application.Appointments;
using Scheduling.Domain.Appointments;
using Scheduling.Domain.Common;
using Scheduling.Infrastructure.Persistence;

namespace Scheduling.Infrastructure.Appointments;

public sealed class MartenAppointmentEvents(TenantSession tenantSession) : IAppointmentEvents
{
    private readonly Dictionary<string, IEventStream<Appointment>> fetched = new(StringComparer.Ordinal);

    public async Task<AppointmentStream?> Load(string appointmentId, CancellationToken cancellationToken)
    {
        // Only appointment streams: a window's id must never be folded as an appointment.
        if (!EntityId.IsValid(appointmentId, IdPrefix.Appointment))
        {
            return null;
        }

        // FetchForWriting remembers the version read; SaveChanges fails if another writer appended since.
        var stream = await tenantSession.Session.Events.FetchForWriting<Appointment>(appointmentId, cancellationToken);
        if (stream.Aggregate is null)
        {
            return null;
        }

        fetched[appointmentId] = stream;
        return new AppointmentStream(stream.Aggregate, stream.CurrentVersion ?? 0);
    }

    public void Start(string appointmentId, IReadOnlyList<object> events) =>
        tenantSession.Session.Events.StartStream<Appointment>(appointmentId, [.. events]);

    public void Append(string appointmentId, long expectedVersion, IReadOnlyList<object> events)
    {
        if (fetched.TryGetValue(appointmentId, out var stream) && stream.StartingVersion == expectedVersion)
        {
            stream.AppendMany(events);
            return;
        }

        // Marten's expected version is the stream's version after these events are appended.
        tenantSession.Session.Events.Append(appointmentId, expectedVersion + events.Count, [.. events]);
    }
}

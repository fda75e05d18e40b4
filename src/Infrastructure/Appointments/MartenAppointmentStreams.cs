using Marten;
using Scheduling.Application.Appointments;
using Scheduling.Application.Common.Persistence;
using Scheduling.Domain.Appointments;
using Scheduling.Domain.Common;
using Scheduling.Infrastructure.Persistence;

namespace Scheduling.Infrastructure.Appointments;

public sealed class MartenAppointmentStreams(TenantSession tenantSession) : IAppointmentStreams
{
    public async Task<IWriteStream<Appointment>?> Load(string appointmentId, CancellationToken cancellationToken)
    {
        // Only appointment streams: a window's id must never be folded as an appointment.
        if (!EntityId.IsValid(appointmentId, IdPrefix.Appointment))
        {
            return null;
        }

        // FetchForWriting reads the inline document and its version; SaveChanges fails if another writer appended since.
        var stream = await tenantSession.Session.Events.FetchForWriting<Appointment>(appointmentId, cancellationToken);
        return stream.Aggregate is null ? null : new MartenWriteStream<Appointment>(stream);
    }

    public void Start(string appointmentId, IReadOnlyList<object> events) =>
        tenantSession.Session.Events.StartStream<Appointment>(appointmentId, [.. events]);
}

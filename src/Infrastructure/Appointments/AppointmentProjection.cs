using JasperFx.Events;
using Marten.Events.Aggregation;
using Scheduling.Domain.Appointments;

namespace Scheduling.Infrastructure.Appointments;

/// <summary>
/// Keeps the <see cref="Appointment"/> document in step with its stream, inline (same transaction as the events),
/// with the aggregate's one <see cref="Appointment.Evolve"/>; the version is the stored event's own. The same
/// document serves reads and, through FetchForWriting, the commands' state; a rebuild reproduces it.
/// </summary>
public sealed partial class AppointmentProjection : SingleStreamProjection<Appointment, string>
{
    // An explicit Evolve tells Marten nothing about event types: name them, so window streams are never folded here.
    public AppointmentProjection()
    {
        IncludeType<AppointmentCreated>();
        IncludeType<AppointmentScheduled>();
        IncludeType<AppointmentCancelled>();
        IncludeType<AppointmentCompleted>();
        IncludeType<AppointmentRescheduled>();
        IncludeType<AppointmentUpdated>();
        IncludeType<AppointmentNoShow>();
        IncludeType<AppointmentSchedulingLinkIssued>();
    }

    public override Appointment? Evolve(Appointment? snapshot, string id, IEvent e) => Fold(snapshot, e);

    /// <summary>One stored event onto the state (see below).</summary>
    public static Appointment Fold(Appointment? state, IEvent e) => Fold(state, e.Data, e.Version);

    /// <summary>
    /// One stored event onto the state: the aggregate's Evolve, numbered with the event's own stream version.
    /// The bulk rebuild (<see cref="Rebuild.RebuiltReadModels"/>) folds with this same function.
    /// </summary>
    public static Appointment Fold(Appointment? state, object data, long version) => Appointment.Evolve(state, data) with { Version = version };
}

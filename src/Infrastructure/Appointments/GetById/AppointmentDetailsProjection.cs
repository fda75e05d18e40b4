using JasperFx.Events;
using Marten.Events.Aggregation;
using Scheduling.Application.Appointments.GetById;
using Scheduling.Domain.Appointments;

namespace Scheduling.Infrastructure.Appointments.GetById;

/// <summary>
/// Keeps <see cref="AppointmentDetails"/> in step with the stream, inline (same transaction as the events).
/// The folding rules live on the read model itself; this only adds the stream version Marten knows.
/// </summary>
public sealed partial class AppointmentDetailsProjection : SingleStreamProjection<AppointmentDetails, string>
{
    public static AppointmentDetails Create(IEvent<AppointmentCreated> e) => AppointmentDetails.Create(e.Data) with { Version = e.Version };

    public static AppointmentDetails Apply(IEvent<AppointmentScheduled> e, AppointmentDetails current) => current.Apply(e.Data) with { Version = e.Version };

    public static AppointmentDetails Apply(IEvent<AppointmentCancelled> e, AppointmentDetails current) => current.Apply(e.Data) with { Version = e.Version };

    public static AppointmentDetails Apply(IEvent<AppointmentCompleted> e, AppointmentDetails current) => current.Apply(e.Data) with { Version = e.Version };
}

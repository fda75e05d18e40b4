using Marten.Events.Aggregation;
using Scheduling.Application.Appointments.GetById;
using Scheduling.Domain.Appointments;

namespace Scheduling.Infrastructure.Appointments.GetById;

/// <summary>
/// Keeps <see cref="AppointmentDetails"/> in step with the stream, inline (same transaction as the events).
/// The folding rules, the stream version included, live on the read model itself, so the create response,
/// the live document and a rebuilt one are the same function of the same events.
/// </summary>
public sealed partial class AppointmentDetailsProjection : SingleStreamProjection<AppointmentDetails, string>
{
    public static AppointmentDetails Create(AppointmentCreated e) => AppointmentDetails.Create(e);

    public static AppointmentDetails Apply(AppointmentScheduled e, AppointmentDetails current) => current.Apply(e);

    public static AppointmentDetails Apply(AppointmentCancelled e, AppointmentDetails current) => current.Apply(e);

    public static AppointmentDetails Apply(AppointmentCompleted e, AppointmentDetails current) => current.Apply(e);
}

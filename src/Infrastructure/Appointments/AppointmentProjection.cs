using Marten.Events.Aggregation;
using Scheduling.Domain.Appointments;

namespace Scheduling.Infrastructure.Appointments;

/// <summary>
/// Rebuilds the <see cref="Appointment"/> aggregate from its (short) stream on every write, with the aggregate's
/// own Create/Apply. Live: the write model keeps no document of its own; clients read AppointmentDetails.
/// </summary>
public sealed partial class AppointmentProjection : SingleStreamProjection<Appointment, string>
{
    public static Appointment Create(AppointmentCreated e) => Appointment.Create(e);

    public static Appointment Apply(AppointmentScheduled e, Appointment appointment) => appointment.Apply(e);

    public static Appointment Apply(AppointmentCancelled e, Appointment appointment) => appointment.Apply(e);

    public static Appointment Apply(AppointmentCompleted e, Appointment appointment) => appointment.Apply(e);
}

using Scheduling.Domain.Appointments;
using Scheduling.Domain.Availability;
using Scheduling.Infrastructure.Appointments;
using Scheduling.Infrastructure.Availability;

namespace Scheduling.Infrastructure.Rebuild;

/// <summary>
/// A read model the bulk rebuild reproduces: its document type (one document per stream, the stream's id), the
/// events that build it, and the projection's own fold for one stored event (data and stream version).
/// </summary>
public sealed record RebuiltReadModel(Type DocumentType, IReadOnlyList<Type> EventTypes, Func<object?, object, long, object> Fold);

/// <summary>
/// Every projected read model (the inline projections registered in <see cref="DependencyInjection.ConfigureStore"/>),
/// each folded by its projection's own function, so a rebuilt document is the live one. Patient documents are the
/// primary record, not a projection (ADR 0005), and are left alone.
/// </summary>
public static class RebuiltReadModels
{
    public static readonly IReadOnlyList<RebuiltReadModel> All =
    [
        new(
            typeof(Appointment),
            [
                typeof(AppointmentCreated), typeof(AppointmentScheduled), typeof(AppointmentCancelled), typeof(AppointmentCompleted),
                typeof(AppointmentRescheduled), typeof(AppointmentUpdated), typeof(AppointmentNoShow), typeof(AppointmentSchedulingLinkIssued),
            ],
            (state, data, version) => AppointmentProjection.Fold((Appointment?)state, data, version)),
        new(
            typeof(AvailabilityWindow),
            [typeof(AvailabilityWindowOpened), typeof(WindowPlaceBooked), typeof(WindowPlaceReleased)],
            (state, data, _) => AvailabilityWindowProjection.Fold((AvailabilityWindow?)state, data)),
    ];
}

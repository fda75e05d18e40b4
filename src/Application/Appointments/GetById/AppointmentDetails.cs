using NodaTime;
using Scheduling.Domain.Appointments;
using Scheduling.Domain.Common;

namespace Scheduling.Application.Appointments.GetById;

public sealed record PatientReference(string Id);

public sealed record WindowReference(string Id, Instant Start, Instant End);

public sealed record CancellationDetails(string? Note, CancellationParty CausingEntity, CancellationParty CancellingEntity, string ReasonCode, Instant CancelledAt);

/// <summary>
/// The appointment as clients read it: a projection of its events, and nothing else. Infrastructure keeps it
/// up to date inline (same transaction as the events) and can rebuild it from the stream alone.
/// </summary>
public sealed record AppointmentDetails(
    string Id,
    AppointmentStatus Status,
    AppointmentType Type,
    SchedulingMode SchedulingMode,
    PatientReference Patient,
    string TaskId,
    WindowReference? Window,
    string? ExternalRef,
    string? Note,
    string Phone,
    Address Location,
    IReadOnlyList<string> DocumentIds,
    LocalDate? PlanFrom,
    LocalDate? PlanTo,
    Metadata? Metadata,
    CancellationDetails? Cancellation,
    Instant CreatedAt,
    Instant UpdatedAt,
    long Version)
{
    public static AppointmentDetails Create(AppointmentCreated e) =>
        new(
            e.AppointmentId,
            AppointmentStatus.Scheduling,
            e.Type,
            e.SchedulingMode,
            new PatientReference(e.PatientId),
            e.TaskId,
            null,
            e.ExternalRef,
            e.Note,
            e.Phone,
            e.Location,
            e.DocumentIds,
            e.PlanFrom,
            e.PlanTo,
            e.Metadata,
            null,
            e.CreatedAt,
            e.CreatedAt,
            1);

    public AppointmentDetails Apply(AppointmentScheduled e) =>
        this with
        {
            Status = AppointmentStatus.Scheduled,
            Window = new WindowReference(e.WindowId, e.WindowStart, e.WindowEnd),
            UpdatedAt = e.ScheduledAt,
            Version = Version + 1,
        };

    public AppointmentDetails Apply(AppointmentCancelled e) =>
        this with
        {
            Status = AppointmentStatus.Cancelled,
            Cancellation = new CancellationDetails(e.Note, e.CausingEntity, e.CancellingEntity, e.ReasonCode, e.CancelledAt),
            UpdatedAt = e.CancelledAt,
            Version = Version + 1,
        };

    public AppointmentDetails Apply(AppointmentCompleted e) =>
        this with { Status = AppointmentStatus.Completed, UpdatedAt = e.CompletedAt, Version = Version + 1 };

    /// <summary>Folds events onto a state; used for the create response, so it equals what the projection stores.</summary>
    public static AppointmentDetails Fold(AppointmentDetails? state, IEnumerable<object> events)
    {
        foreach (var e in events)
        {
            state = e switch
            {
                AppointmentCreated created => Create(created),
                AppointmentScheduled scheduled => Require(state).Apply(scheduled),
                AppointmentCancelled cancelled => Require(state).Apply(cancelled),
                AppointmentCompleted completed => Require(state).Apply(completed),
                _ => throw new ArgumentException($"Unknown appointment event {e.GetType().Name}.", nameof(events)),
            };
        }

        return Require(state);
    }

    private static AppointmentDetails Require(AppointmentDetails? state) =>
        state ?? throw new InvalidOperationException("An appointment stream must start with AppointmentCreated.");
}

using NodaTime;
using Scheduling.Domain.Availability;
using Scheduling.Domain.Common;
using Scheduling.Domain.Organisations;

namespace Scheduling.Domain.Appointments;

// Events are facts: never edit a published one; add a new event or an upcaster instead.
public sealed record AppointmentCreated(
    string AppointmentId,
    string OrganisationId,
    string PatientId,
    string TaskId,
    AppointmentType Type,
    SchedulingMode SchedulingMode,
    LocalDate? PlanFrom,
    LocalDate? PlanTo,
    string Phone,
    Address Location,
    string? ExternalRef,
    string? Note,
    IReadOnlyList<string> DocumentIds,
    Metadata? Metadata,
    Instant CreatedAt);

public sealed record AppointmentScheduled(string AppointmentId, string WindowId, Instant WindowStart, Instant WindowEnd, Instant ScheduledAt);

public sealed record AppointmentCancelled(
    string AppointmentId,
    string? Note,
    CancellationParty CausingEntity,
    CancellationParty CancellingEntity,
    string ReasonCode,
    string? ReleasedWindowId,
    Instant CancelledAt);

public sealed record AppointmentCompleted(string AppointmentId, Instant CompletedAt);

/// <summary>What a client asks for when it creates an appointment, already shaped into value objects.</summary>
public sealed record NewAppointment(
    string AppointmentId,
    string PatientId,
    CareTask Task,
    PhoneNumber Phone,
    Address Location,
    string? ExternalRef,
    string? Note,
    IReadOnlyList<string> DocumentIds,
    LocalDate? PlanFrom,
    LocalDate? PlanTo,
    Metadata? Metadata);

/// <summary>The outcome of a decision: the appointment's new events and, when a window place was taken, that booking.</summary>
public sealed record AppointmentDecision(IReadOnlyList<object> Events, WindowPlaceBooked? Booking);

/// <summary>
/// A home visit for a patient. Immutable: decisions take state, data and "now" and return events;
/// state changes only through <see cref="Create"/> and the Apply methods (used by Marten to replay the stream).
/// </summary>
public sealed record Appointment(
    string Id,
    string TaskId,
    AppointmentStatus Status,
    AppointmentType Type,
    PlanWindow? Plan,
    string? WindowId)
{
    public const int MaxExternalRefLength = 256;
    public const int MaxNoteLength = 2000;
    public const int MaxDocuments = 20;
    public const int MaxReasonCodeLength = 64;

    /// <summary>Rules 1–4 of the contract's "Create appointment" section.</summary>
    public static AppointmentDecision Initiate(NewAppointment request, Organisation organisation, AvailabilityWindow? window, Instant now)
    {
        EntityId.Require(request.AppointmentId, IdPrefix.Appointment, "id");
        EntityId.Require(request.PatientId, IdPrefix.Patient, "patientId");
        CheckText(request.ExternalRef, MaxExternalRefLength, "externalRef");
        CheckText(request.Note, MaxNoteLength, "note");
        CheckDocuments(request.DocumentIds, organisation);

        var plan = PlanWindow.For(request.PlanFrom, request.PlanTo, request.Task, organisation.Today(now));
        if (plan is not null && !request.Task.ScheduledAppointmentsEnabled)
        {
            throw DomainException.Unprocessable(
                "scheduled_not_enabled", $"Task '{request.Task.Id}' does not allow scheduled appointments (planFrom/planTo).");
        }

        var created = new AppointmentCreated(
            request.AppointmentId,
            organisation.Id,
            request.PatientId,
            request.Task.Id,
            plan is null ? AppointmentType.Standard : AppointmentType.Scheduled,
            window is null ? SchedulingMode.PatientLed : SchedulingMode.ChooseATime,
            plan?.From,
            plan?.To,
            request.Phone.Value,
            request.Location,
            request.ExternalRef,
            request.Note,
            request.DocumentIds,
            request.Metadata,
            now);

        if (window is null)
        {
            return new AppointmentDecision([created], null);
        }

        var (scheduled, booking) = TakePlace(request.AppointmentId, request.Task.Id, plan, window, organisation.TimeZone, now);
        return new AppointmentDecision([created, scheduled], booking);
    }

    /// <summary>A patient-led appointment gets its time: only from <see cref="AppointmentStatus.Scheduling"/>; rule 3 applies.</summary>
    public AppointmentDecision Schedule(AvailabilityWindow window, DateTimeZone zone, Instant now)
    {
        if (Status != AppointmentStatus.Scheduling)
        {
            throw DomainException.Conflict("invalid_status", $"Only an appointment in status 'scheduling' can be scheduled; this one is '{Status.ToString().ToLowerInvariant()}'.");
        }

        var (scheduled, booking) = TakePlace(Id, TaskId, Plan, window, zone, now);
        return new AppointmentDecision([scheduled], booking);
    }

    /// <summary>Cancels once; never after completion. The event names the window whose place is given back.</summary>
    public AppointmentCancelled Cancel(string? note, CancellationParty causingEntity, CancellationParty cancellingEntity, string reasonCode, Instant now)
    {
        if (Status == AppointmentStatus.Cancelled)
        {
            throw DomainException.Conflict("already_cancelled", "The appointment is already cancelled.");
        }

        if (Status == AppointmentStatus.Completed)
        {
            throw DomainException.Conflict("invalid_status", "A completed appointment cannot be cancelled.");
        }

        CheckText(note, MaxNoteLength, "note");
        if (!IsReasonCode(reasonCode))
        {
            throw DomainException.Invalid("validation_failed", "reasonCode", $"'reasonCode' must be snake_case (a-z, 0-9, '_'), at most {MaxReasonCodeLength} characters.");
        }

        return new AppointmentCancelled(Id, note, causingEntity, cancellingEntity, reasonCode, WindowId, now);
    }

    /// <summary>Marks the visit done: only from <see cref="AppointmentStatus.Scheduled"/>.</summary>
    public AppointmentCompleted Complete(Instant now) =>
        Status == AppointmentStatus.Scheduled
            ? new AppointmentCompleted(Id, now)
            : throw DomainException.Conflict("invalid_status", $"Only a scheduled appointment can be completed; this one is '{Status.ToString().ToLowerInvariant()}'.");

    public static Appointment Create(AppointmentCreated created) =>
        new(
            created.AppointmentId,
            created.TaskId,
            AppointmentStatus.Scheduling,
            created.Type,
            created.PlanFrom is { } from && created.PlanTo is { } to ? PlanWindow.Restore(from, to) : null,
            null);

    public Appointment Apply(AppointmentScheduled scheduled) =>
        this with { Status = AppointmentStatus.Scheduled, WindowId = scheduled.WindowId };

    public Appointment Apply(AppointmentCancelled cancelled) => this with { Status = AppointmentStatus.Cancelled, WindowId = null };

    public Appointment Apply(AppointmentCompleted completed) => this with { Status = AppointmentStatus.Completed };

    public static bool IsReasonCode(string? value) =>
        value is { Length: > 0 and <= MaxReasonCodeLength }
        && char.IsAsciiLetterLower(value[0])
        && value.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_');

    // Rule 3: same task, starts in the future, has a free place, and (scheduled) lies within the plan.
    private static (AppointmentScheduled Scheduled, WindowPlaceBooked Booking) TakePlace(
        string appointmentId, string taskId, PlanWindow? plan, AvailabilityWindow window, DateTimeZone zone, Instant now)
    {
        if (window.TaskId != taskId)
        {
            throw DomainException.Unprocessable("window_task_mismatch", $"Window '{window.Id}' is for task '{window.TaskId}', not '{taskId}'.");
        }

        var booking = window.Book(appointmentId, now);
        if (plan is not null && !plan.Contains(window.Start.InZone(zone).Date))
        {
            throw DomainException.Unprocessable(
                "window_outside_plan", $"Window '{window.Id}' is not between planFrom {plan.From:uuuu-MM-dd} and planTo {plan.To:uuuu-MM-dd}.");
        }

        return (new AppointmentScheduled(appointmentId, window.Id, window.Start, window.End, now), booking);
    }

    private static void CheckText(string? value, int max, string field)
    {
        if (value is { Length: var length } && length > max)
        {
            throw DomainException.Invalid("validation_failed", field, $"'{field}' must be at most {max} characters.");
        }
    }

    private static void CheckDocuments(IReadOnlyList<string> documentIds, Organisation organisation)
    {
        if (documentIds.Count > MaxDocuments)
        {
            throw DomainException.Invalid("validation_failed", "documentIds", $"'documentIds' can hold at most {MaxDocuments} ids.");
        }

        for (var i = 0; i < documentIds.Count; i++)
        {
            EntityId.Require(documentIds[i], IdPrefix.Document, $"documentIds[{i}]");
            if (documentIds.Take(i).Contains(documentIds[i]))
            {
                throw DomainException.Invalid("validation_failed", $"documentIds[{i}]", $"'documentIds[{i}]' repeats '{documentIds[i]}'.");
            }
        }

        if (documentIds.Count > 0 && !organisation.DocumentsEnabled)
        {
            throw DomainException.Unprocessable("documents_not_enabled", "Documents are not enabled for this organisation.");
        }
    }
}

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

// Trailing members with defaults are additive evolution: events stored before them read as the default.
public sealed record AppointmentCancelled(
    string AppointmentId,
    string? Note,
    CancellationParty CausingEntity,
    CancellationParty CancellingEntity,
    string ReasonCode,
    string? ReleasedWindowId,
    Instant CancelledAt,
    bool Chargeable = false);

public sealed record AppointmentCompleted(string AppointmentId, Instant CompletedAt, Metadata? Data = null, string? Note = null);

/// <summary>The appointment moved to another window: the old place was released and the new one taken in one transaction.</summary>
public sealed record AppointmentRescheduled(string AppointmentId, string FromWindowId, string ToWindowId, Instant WindowStart, Instant WindowEnd, Instant RescheduledAt);

/// <summary>Only the fields that changed are present (see <see cref="Optional{T}"/>).</summary>
public sealed record AppointmentUpdated(string AppointmentId, AppointmentChanges Changes, Instant UpdatedAt);

public sealed record AppointmentChanges(
    Optional<string?> Note = default,
    Optional<string?> ExternalRef = default,
    Optional<string> Phone = default,
    Optional<Address> Location = default,
    Optional<IReadOnlyList<string>> DocumentIds = default,
    Optional<Metadata?> Metadata = default);

public sealed record AppointmentNoShow(string AppointmentId, Instant RecordedAt);

/// <summary>
/// A fresh scheduling link was issued: links of earlier generations stop working. The first link (generation 0)
/// comes with <see cref="AppointmentCreated"/> and has no event of its own.
/// </summary>
public sealed record AppointmentSchedulingLinkIssued(string AppointmentId, int Generation, Instant IssuedAt);

/// <summary>What a scheduling link (booking page) may do with its appointment now.</summary>
public enum BookingLinkState
{
    /// <summary>The patient can choose a window.</summary>
    Open,

    /// <summary>A newer link was issued.</summary>
    Superseded,

    /// <summary>Past the link's expiry.</summary>
    Expired,

    /// <summary>The appointment already has its time (booked here or elsewhere), or is over.</summary>
    Used,

    /// <summary>The appointment was cancelled.</summary>
    Cancelled,
}

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

/// <summary>A merge patch of the editable fields, already shaped into value objects; absent = unchanged.</summary>
public sealed record AppointmentEdit(
    Optional<string?> Note,
    Optional<string?> ExternalRef,
    Optional<PhoneNumber> Phone,
    Optional<Address> Location,
    Optional<IReadOnlyList<string>> DocumentIds,
    Optional<Metadata?> Metadata);

public sealed record PatientReference(string Id);

public sealed record WindowReference(string Id, Instant Start, Instant End);

public sealed record CancellationDetails(
    string? Note, CancellationParty CausingEntity, CancellationParty CancellingEntity, string ReasonCode, bool Chargeable, Instant CancelledAt);

/// <summary>
/// A home visit for a patient. Immutable: decisions take state, data and "now" and return events; state changes
/// only through <see cref="Evolve"/> (one private step per event type; not named Create/Apply, so Marten
/// uses the projection's explicit Evolve rather than its conventions). The same fold serves decisions, the
/// stored read model (an inline projection), every command's response and the specs. <see cref="Version"/> is
/// the event stream's version, set by whoever folds (the projection from the stored event, a command from its
/// stream handle), never counted here.
/// </summary>
public sealed record Appointment(
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
    Metadata? Data,
    CancellationDetails? Cancellation,
    Instant CreatedAt,
    Instant UpdatedAt,
    long Version,
    int SchedulingLinkGeneration = 0,
    Instant? SchedulingLinkIssuedAt = null)
{
    /// <summary>A standard appointment's scheduling link works this long after it is issued.</summary>
    public static readonly Duration StandardLinkLifetime = Duration.FromDays(14);

    /// <summary>The booking page offers a standard appointment the windows of this many days, from today.</summary>
    public const int StandardBookingDays = 21;

    /// <summary>The plan dates of a scheduled appointment as one value.</summary>
    public PlanWindow? Plan => PlanWindow.Restore(PlanFrom, PlanTo);

    /// <summary>The window whose place this appointment holds: its window until it is cancelled (completion keeps the place used).</summary>
    public string? HeldWindowId => Status == AppointmentStatus.Cancelled ? null : Window?.Id;

    /// <summary>Cancelling a scheduled visit with less notice than this is chargeable (unless the provider caused it).</summary>
    public static readonly Duration ChargeableNotice = Duration.FromHours(24);

    public const int MaxExternalRefLength = 256;
    public const int MaxNoteLength = 2000;
    public const int MaxDocuments = 20;
    public const int MaxReasonCodeLength = 64;

    // Field rules, each written once: validators report them early (all at once, with JSON paths); decisions enforce them.
    public static RuleViolation? CheckExternalRef(string? value) => FieldRules.MaxLength(value, MaxExternalRefLength, "externalRef");

    public static RuleViolation? CheckNote(string? value) => FieldRules.MaxLength(value, MaxNoteLength, "note");

    public static RuleViolation? CheckReasonCode(string? value) =>
        FieldRules.Required(value, "reasonCode")
        ?? (IsReasonCode(value)
            ? null
            : RuleViolation.Invalid("reasonCode", $"'reasonCode' must be snake_case (a-z, 0-9, '_', starting with a letter), at most {MaxReasonCodeLength} characters."));

    /// <summary>At most 20 <c>doc_</c> ids, none repeated; each bad element is reported at its own index.</summary>
    public static IEnumerable<RuleViolation> CheckDocuments(IReadOnlyList<string?> documentIds)
    {
        if (documentIds.Count > MaxDocuments)
        {
            yield return RuleViolation.Invalid("documentIds", $"'documentIds' can hold at most {MaxDocuments} ids.");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < documentIds.Count; i++)
        {
            var member = $"documentIds[{i}]";
            if (EntityId.Check(documentIds[i], IdPrefix.Document, member) is { } invalid)
            {
                yield return invalid;
            }
            else if (!seen.Add(documentIds[i]!))
            {
                yield return RuleViolation.Invalid(member, $"'{member}' repeats '{documentIds[i]}', given earlier in the list.");
            }
        }
    }

    /// <summary>
    /// Rules 1–4 of the contract's "Create appointment" section, in the order documented in docs/api-behaviour.md:
    /// field rules (400) first, then the task's permission (422), documents (422) and the window (rule 3).
    /// </summary>
    public static AppointmentDecision Initiate(NewAppointment request, Organisation organisation, AvailabilityWindow? window, Instant now)
    {
        FieldRules.Enforce(
            [
                EntityId.Check(request.AppointmentId, IdPrefix.Appointment, "id"),
                EntityId.Check(request.PatientId, IdPrefix.Patient, "patientId"),
                CheckExternalRef(request.ExternalRef),
                CheckNote(request.Note),
                .. CheckDocuments(request.DocumentIds),
                .. PlanWindow.Check(request.PlanFrom, request.PlanTo, request.Task, organisation.Today(now)),
            ]);

        var plan = PlanWindow.Restore(request.PlanFrom, request.PlanTo);
        if (plan is not null && !request.Task.ScheduledAppointmentsEnabled)
        {
            throw DomainException.Unprocessable(
                "scheduled_not_enabled", $"Task '{request.Task.Id}' does not allow scheduled appointments (planFrom/planTo).");
        }

        if (request.DocumentIds.Count > 0 && !organisation.DocumentsEnabled)
        {
            throw DomainException.Unprocessable("documents_not_enabled", "Documents are not enabled for this organisation.");
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
            throw DomainException.Conflict("invalid_status", $"Only an appointment in status 'scheduling' can be scheduled; this one is '{StatusName}'.");
        }

        var (scheduled, booking) = TakePlace(Id, TaskId, Plan, window, zone, now);
        return new AppointmentDecision([scheduled], booking);
    }

    /// <summary>
    /// When the current scheduling link stops working: the end of <see cref="PlanTo"/> in the organisation's zone for a
    /// scheduled appointment, 14 days after the link was issued for a standard one. Null when there is no link (the
    /// appointment is not in <c>scheduling</c>).
    /// </summary>
    public Instant? SchedulingLinkExpiry(DateTimeZone zone) =>
        Status != AppointmentStatus.Scheduling
            ? null
            : PlanTo is { } planTo
                ? planTo.PlusDays(1).AtStartOfDayInZone(zone).ToInstant()
                : (SchedulingLinkIssuedAt ?? CreatedAt) + StandardLinkLifetime;

    /// <summary>A fresh link (the next generation); older links stop working. Only while <c>scheduling</c>.</summary>
    public AppointmentSchedulingLinkIssued IssueSchedulingLink(Instant now)
    {
        RequireStatus(AppointmentStatus.Scheduling, "given a scheduling link");
        return new AppointmentSchedulingLinkIssued(Id, SchedulingLinkGeneration + 1, now);
    }

    /// <summary>What a link of <paramref name="generation"/> may do now: the one rule the booking page follows.</summary>
    public BookingLinkState CheckSchedulingLink(int generation, DateTimeZone zone, Instant now) => Status switch
    {
        AppointmentStatus.Cancelled => BookingLinkState.Cancelled,
        not AppointmentStatus.Scheduling => BookingLinkState.Used,
        _ when generation != SchedulingLinkGeneration => BookingLinkState.Superseded,
        _ when now >= SchedulingLinkExpiry(zone) => BookingLinkState.Expired,
        _ => BookingLinkState.Open,
    };

    /// <summary>
    /// The instants whose windows the booking page offers: <c>[planFrom, planTo]</c> (organisation-local days) for a
    /// scheduled appointment, today and the next 20 days for a standard one.
    /// </summary>
    public (Instant From, Instant Before) BookingRange(DateTimeZone zone, Instant now)
    {
        var today = now.InZone(zone).Date;
        var (first, last) = Plan is { } plan ? (plan.From, plan.To) : (today, today.PlusDays(StandardBookingDays - 1));
        return (first.AtStartOfDayInZone(zone).ToInstant(), last.PlusDays(1).AtStartOfDayInZone(zone).ToInstant());
    }

    /// <summary>Moves a scheduled appointment to another window: rule 3 on the new one; the old place is released.</summary>
    public (AppointmentRescheduled Rescheduled, WindowPlaceBooked Booking) Reschedule(AvailabilityWindow window, DateTimeZone zone, Instant now)
    {
        RequireStatus(AppointmentStatus.Scheduled, "rescheduled");
        if (window.Id == Window!.Id)
        {
            throw DomainException.Unprocessable("same_window", $"The appointment is already in window '{window.Id}'.");
        }

        var (_, booking) = TakePlace(Id, TaskId, Plan, window, zone, now);
        return (new AppointmentRescheduled(Id, Window.Id, window.Id, window.Start, window.End, now), booking);
    }

    /// <summary>
    /// A merge patch of the editable fields: only while <c>scheduling</c> or <c>scheduled</c>; create's field
    /// rules; null when nothing would change (no event).
    /// </summary>
    public AppointmentUpdated? Update(AppointmentEdit edit, Organisation organisation, Instant now)
    {
        if (Status is not (AppointmentStatus.Scheduling or AppointmentStatus.Scheduled))
        {
            throw DomainException.Conflict("invalid_status", $"Only an appointment in status 'scheduling' or 'scheduled' can be changed; this one is '{StatusName}'.");
        }

        FieldRules.Enforce(
            [
                edit.Note.HasValue ? CheckNote(edit.Note.Value) : null,
                edit.ExternalRef.HasValue ? CheckExternalRef(edit.ExternalRef.Value) : null,
                .. edit.DocumentIds.HasValue ? CheckDocuments(edit.DocumentIds.Value) : [],
            ]);
        if (edit.DocumentIds is { HasValue: true, Value.Count: > 0 } && !organisation.DocumentsEnabled)
        {
            throw DomainException.Unprocessable("documents_not_enabled", "Documents are not enabled for this organisation.");
        }

        var changes = new AppointmentChanges(
            Changed(edit.Note, Note),
            Changed(edit.ExternalRef, ExternalRef),
            edit.Phone.HasValue && edit.Phone.Value.Value != Phone ? edit.Phone.Value.Value : default(Optional<string>),
            Changed(edit.Location, Location),
            edit.DocumentIds.HasValue && !edit.DocumentIds.Value.SequenceEqual(DocumentIds) ? new Optional<IReadOnlyList<string>>(edit.DocumentIds.Value) : default,
            Changed(edit.Metadata, Metadata));
        return changes == new AppointmentChanges() ? null : new AppointmentUpdated(Id, changes, now);
    }

    /// <summary>
    /// Cancels once; never after completion or a no-show. Chargeable when it was scheduled, the cause is not the
    /// provider, and the window starts less than 24 hours after <paramref name="now"/> (or has started).
    /// </summary>
    public AppointmentCancelled Cancel(string? note, CancellationParty causingEntity, CancellationParty cancellingEntity, string reasonCode, Instant now)
    {
        if (Status == AppointmentStatus.Cancelled)
        {
            throw DomainException.Conflict("already_cancelled", "The appointment is already cancelled.");
        }

        if (Status is AppointmentStatus.Completed or AppointmentStatus.NoShow)
        {
            throw DomainException.Conflict("invalid_status", $"An appointment in status '{StatusName}' cannot be cancelled.");
        }

        FieldRules.Enforce(CheckNote(note), CheckReasonCode(reasonCode));
        var chargeable = Status == AppointmentStatus.Scheduled
            && causingEntity != CancellationParty.Provider
            && Window!.Start - now < ChargeableNotice;
        return new AppointmentCancelled(Id, note, causingEntity, cancellingEntity, reasonCode, HeldWindowId, now, chargeable);
    }

    /// <summary>Marks the visit done, with optional results: only from <see cref="AppointmentStatus.Scheduled"/>.</summary>
    public AppointmentCompleted Complete(Instant now, Metadata? data = null, string? note = null)
    {
        RequireStatus(AppointmentStatus.Scheduled, "completed");
        FieldRules.Enforce(CheckNote(note));
        return new AppointmentCompleted(Id, now, data, note);
    }

    /// <summary>The patient was not there: only from <see cref="AppointmentStatus.Scheduled"/>, once the window has started.</summary>
    public AppointmentNoShow NoShow(Instant now)
    {
        RequireStatus(AppointmentStatus.Scheduled, "marked as a no-show");
        return Window!.Start <= now
            ? new AppointmentNoShow(Id, now)
            : throw DomainException.Conflict("window_not_started", $"The appointment's window starts at {Window.Start}; a no-show can be recorded once it has started.");
    }

    /// <summary>The one fold: the state after <paramref name="event"/>. The version is left to the caller (see the type's summary).</summary>
    public static Appointment Evolve(Appointment? state, object @event) => (state, @event) switch
    {
        (null, AppointmentCreated e) => Opened(e),
        ({ } current, AppointmentScheduled e) => current.When(e),
        ({ } current, AppointmentCancelled e) => current.When(e),
        ({ } current, AppointmentCompleted e) => current.When(e),
        ({ } current, AppointmentRescheduled e) => current.When(e),
        ({ } current, AppointmentUpdated e) => current.When(e),
        ({ } current, AppointmentNoShow e) => current.When(e),
        ({ } current, AppointmentSchedulingLinkIssued e) => current.When(e),
        (null, _) => throw new InvalidOperationException($"An appointment stream must start with {nameof(AppointmentCreated)}, not {@event.GetType().Name}."),
        _ => throw new InvalidOperationException($"{@event.GetType().Name} cannot be applied to an existing appointment."),
    };

    /// <summary>Folds the events appended after <paramref name="version"/>: each one's stream version is the next number.</summary>
    public static Appointment Fold(Appointment? state, long version, IEnumerable<object> events)
    {
        foreach (var @event in events)
        {
            state = Evolve(state, @event) with { Version = ++version };
        }

        return state ?? throw new InvalidOperationException("No events to fold.");
    }

    /// <summary><see cref="IsReasonCode"/> as a regular expression (ECMA-262), for the OpenAPI document.</summary>
    public const string ReasonCodePattern = "^[a-z][a-z0-9_]{0,63}$";

    public static bool IsReasonCode(string? value) =>
        value is { Length: > 0 and <= MaxReasonCodeLength }
        && char.IsAsciiLetterLower(value[0])
        && value.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_');

    private string StatusName => Status == AppointmentStatus.NoShow ? "no_show" : Status.ToString().ToLowerInvariant();

    private static Appointment Opened(AppointmentCreated e) =>
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
            null,
            e.CreatedAt,
            e.CreatedAt,
            0);

    private Appointment When(AppointmentScheduled e) =>
        this with { Status = AppointmentStatus.Scheduled, Window = new WindowReference(e.WindowId, e.WindowStart, e.WindowEnd), UpdatedAt = e.ScheduledAt };

    // The window stays on the representation (clients see which visit was cancelled); its place is released by the event.
    private Appointment When(AppointmentCancelled e) =>
        this with
        {
            Status = AppointmentStatus.Cancelled,
            Cancellation = new CancellationDetails(e.Note, e.CausingEntity, e.CancellingEntity, e.ReasonCode, e.Chargeable, e.CancelledAt),
            UpdatedAt = e.CancelledAt,
        };

    private Appointment When(AppointmentCompleted e) =>
        this with { Status = AppointmentStatus.Completed, Data = e.Data, Note = e.Note ?? Note, UpdatedAt = e.CompletedAt };

    private Appointment When(AppointmentRescheduled e) =>
        this with { Window = new WindowReference(e.ToWindowId, e.WindowStart, e.WindowEnd), UpdatedAt = e.RescheduledAt };

    private Appointment When(AppointmentUpdated e) =>
        this with
        {
            Note = e.Changes.Note.Or(Note),
            ExternalRef = e.Changes.ExternalRef.Or(ExternalRef),
            Phone = e.Changes.Phone.Or(Phone),
            Location = e.Changes.Location.Or(Location),
            DocumentIds = e.Changes.DocumentIds.Or(DocumentIds),
            Metadata = e.Changes.Metadata.Or(Metadata),
            UpdatedAt = e.UpdatedAt,
        };

    private Appointment When(AppointmentSchedulingLinkIssued e) =>
        this with { SchedulingLinkGeneration = e.Generation, SchedulingLinkIssuedAt = e.IssuedAt, UpdatedAt = e.IssuedAt };

    private Appointment When(AppointmentNoShow e) => this with { Status = AppointmentStatus.NoShow, UpdatedAt = e.RecordedAt };

    private static Optional<T> Changed<T>(Optional<T> proposed, T current) =>
        proposed.HasValue && !EqualityComparer<T>.Default.Equals(proposed.Value, current) ? proposed : default;

    private void RequireStatus(AppointmentStatus required, string action)
    {
        if (Status != required)
        {
            throw DomainException.Conflict("invalid_status", $"Only a '{required.ToString().ToLowerInvariant()}' appointment can be {action}; this one is '{StatusName}'.");
        }
    }

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
}

using NodaTime;
using Scheduling.Domain.Appointments;
using Scheduling.Domain.Availability;
using Scheduling.Domain.Common;
using Scheduling.Domain.Organisations;

namespace Scheduling.Domain.Tests;

/// <summary>Shared facts for the specs: a London organisation, its tasks, a request, windows, "now" and replay.</summary>
internal static class Given
{
    public static readonly DateTimeZone London = DateTimeZoneProviders.Tzdb["Europe/London"];

    // Tuesday 2026-11-24 09:00 in London (GMT, so UTC and London dates agree).
    public static readonly Instant Now = Instant.FromUtc(2026, 11, 24, 9, 0);

    public static readonly LocalDate Today = new(2026, 11, 24);

    public const string AppointmentId = "apt_0193a";

    public const string PatientId = "p_123";

    /// <summary>Standard appointments only.</summary>
    public static readonly CareTask BloodTest = new("tsk_bloodtest", "Blood test");

    /// <summary>Scheduled appointments allowed, plans at least 7 days long.</summary>
    public static readonly CareTask PreOp = new("tsk_preop", "Pre-operative assessment", ScheduledAppointmentsEnabled: true, MinimumPlanDays: 7);

    /// <summary>Scheduled appointments allowed with no minimum, to isolate the plan-order rule from the minimum.</summary>
    public static readonly CareTask AnyDay = new("tsk_anyday", "Any-day visit", ScheduledAppointmentsEnabled: true, MinimumPlanDays: 0);

    public static readonly Address Location = Address.Create("1 High Street", null, null, "London", null, "sw1a1aa", null);

    public static readonly PhoneNumber Phone = PhoneNumber.Create("+447911123456");

    public static Organisation Organisation(bool documentsEnabled = true) =>
        new("org_demo", "Demo", London, documentsEnabled, [BloodTest, PreOp, AnyDay]);

    public static NewAppointment Request(
        CareTask? task = null,
        LocalDate? planFrom = null,
        LocalDate? planTo = null,
        IReadOnlyList<string>? documentIds = null,
        string? note = null,
        string? externalRef = null,
        string appointmentId = AppointmentId,
        string patientId = PatientId) =>
        new(appointmentId, patientId, task ?? BloodTest, Phone, Location, externalRef, note, documentIds ?? [], planFrom, planTo, null);

    /// <summary>A two-hour window opened by the event store's route (Create), with <paramref name="booked"/> places already taken.</summary>
    public static AvailabilityWindow Window(string taskId = "tsk_bloodtest", Instant? start = null, int capacity = 2, int booked = 0, string id = "win_1")
    {
        var from = start ?? Now + Duration.FromDays(2);
        var window = AvailabilityWindow.Create(new AvailabilityWindowOpened(id, taskId, from, from + Duration.FromHours(2), capacity, Now));
        for (var i = 0; i < booked; i++)
        {
            window = window.Apply(new WindowPlaceBooked(id, $"apt_other{i}", Now));
        }

        return window;
    }

    /// <summary>Replays events the way the event store does: the aggregate's one Evolve, versions 1, 2, ….</summary>
    public static Appointment Replay(IEnumerable<object> events) => Appointment.Fold(null, 0, events);

    /// <summary>The state after one more event, as the projection and the commands fold it.</summary>
    public static Appointment Then(this Appointment appointment, object @event) => Appointment.Fold(appointment, appointment.Version, [@event]);

    // Given histories: literal events replayed, so a spec never depends on another decision's behaviour.

    /// <summary>The stream's first event: standard, or scheduled-type when a plan is given; patient-led unless <paramref name="mode"/> says otherwise.</summary>
    public static AppointmentCreated Created(
        CareTask? task = null, LocalDate? planFrom = null, LocalDate? planTo = null, SchedulingMode mode = SchedulingMode.PatientLed) =>
        new(
            AppointmentId, "org_demo", PatientId, (task ?? BloodTest).Id, planFrom is null ? AppointmentType.Standard : AppointmentType.Scheduled, mode,
            planFrom, planTo, Phone.Value, Location, null, null, [], null, Now);

    /// <summary>Given: a patient-led appointment (status scheduling): AppointmentCreated alone.</summary>
    public static Appointment PatientLed(CareTask? task = null, LocalDate? planFrom = null, LocalDate? planTo = null) =>
        Replay([Created(task, planFrom, planTo)]);

    /// <summary>Given: a choose-a-time appointment booked into <paramref name="window"/> (default win_1): created, then scheduled.</summary>
    public static Appointment Scheduled(AvailabilityWindow? window = null) => Replay(ScheduledHistory(window ?? Window()));

    /// <summary>Given: a patient-led appointment cancelled before it had a time.</summary>
    public static Appointment PatientLedThenCancelled() => Replay([Created(), Cancellation(releasedWindowId: null)]);

    /// <summary>Given: a scheduled appointment (win_1), then cancelled, which gave its place back.</summary>
    public static Appointment ScheduledThenCancelled() => Replay([.. ScheduledHistory(Window()), Cancellation(releasedWindowId: "win_1")]);

    /// <summary>Given: a scheduled appointment (win_1), then completed.</summary>
    public static Appointment ScheduledThenCompleted() => Replay([.. ScheduledHistory(Window()), new AppointmentCompleted(AppointmentId, Now)]);

    private static object[] ScheduledHistory(AvailabilityWindow window) =>
        [Created(mode: SchedulingMode.ChooseATime), new AppointmentScheduled(AppointmentId, window.Id, window.Start, window.End, Now)];

    private static AppointmentCancelled Cancellation(string? releasedWindowId) =>
        new(AppointmentId, null, CancellationParty.Patient, CancellationParty.Patient, "changed_mind", releasedWindowId, Now);

    public static DomainException Rejects(Action decision) => Assert.Throws<DomainException>(decision);

    /// <summary>Asserts the error's kind, code and field together, so a failure shows all three.</summary>
    public static void IsError(DomainException error, DomainErrorKind kind, string code, string? field = null) =>
        Assert.Equal((kind, code, field), (error.Kind, error.Code, error.Field));
}

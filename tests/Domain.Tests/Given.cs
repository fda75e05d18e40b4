using NodaTime;
using Scheduling.Domain.Appointments;
using Scheduling.Domain.Availability;
using Scheduling.Domain.Common;
using Scheduling.Domain.Organisations;

namespace Scheduling.Domain.Tests;

/// <summary>Shared facts for the specs: a London organisation, its tasks, a request, windows, and "now".</summary>
internal static class Given
{
    public static readonly DateTimeZone London = DateTimeZoneProviders.Tzdb["Europe/London"];

    // Tuesday 2026-11-24 09:00 London (GMT).
    public static readonly Instant Now = Instant.FromUtc(2026, 11, 24, 9, 0);

    public static readonly LocalDate Today = new(2026, 11, 24);

    public static readonly CareTask BloodTest = new("tsk_bloodtest", "Blood test");

    public static readonly CareTask PreOp = new("tsk_preop", "Pre-operative assessment", ScheduledAppointmentsEnabled: true, MinimumPlanDays: 7);

    public static Organisation Organisation(bool documentsEnabled = true) =>
        new("org_demo", "Demo", London, documentsEnabled, [BloodTest, PreOp]);

    public static NewAppointment Request(
        CareTask? task = null, LocalDate? planFrom = null, LocalDate? planTo = null, IReadOnlyList<string>? documentIds = null, string? note = null, string? externalRef = null) =>
        new(
            "apt_0193a",
            "p_123",
            task ?? BloodTest,
            PhoneNumber.Create("+447911123456"),
            Address.Create("1 High Street", null, null, "London", null, "sw1a1aa", null),
            externalRef,
            note,
            documentIds ?? [],
            planFrom,
            planTo,
            null);

    public static AvailabilityWindow Window(
        string taskId = "tsk_bloodtest", Instant? start = null, int capacity = 2, int booked = 0, string id = "win_1") =>
        AvailabilityWindow.Create(new AvailabilityWindowOpened(id, taskId, start ?? Now + Duration.FromDays(2), (start ?? Now + Duration.FromDays(2)) + Duration.FromHours(2), capacity, Now))
            with
            {
                BookedAppointmentIds = [.. Enumerable.Range(0, booked).Select(i => $"apt_other{i}")],
            };

    /// <summary>Replays events the way the event store does: Create from the first, Apply for the rest.</summary>
    public static Appointment Replay(IEnumerable<object> events)
    {
        Appointment? state = null;
        foreach (var e in events)
        {
            state = e switch
            {
                AppointmentCreated created => Appointment.Create(created),
                AppointmentScheduled scheduled => state!.Apply(scheduled),
                AppointmentCancelled cancelled => state!.Apply(cancelled),
                AppointmentCompleted completed => state!.Apply(completed),
                _ => throw new InvalidOperationException(e.GetType().Name),
            };
        }

        return state!;
    }

    public static Appointment PatientLed(CareTask? task = null, LocalDate? planFrom = null, LocalDate? planTo = null) =>
        Replay(Appointment.Initiate(Request(task, planFrom, planTo), Organisation(), null, Now).Events);

    public static Appointment Scheduled(AvailabilityWindow? window = null) =>
        Replay(Appointment.Initiate(Request(), Organisation(), window ?? Window(), Now).Events);

    public static DomainException Rejects(Action decision) => Assert.Throws<DomainException>(decision);
}

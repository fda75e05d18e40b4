using NodaTime;
using Scheduling.Domain.Appointments;
using Scheduling.Domain.Availability;
using Scheduling.Domain.Common;

namespace Scheduling.Domain.Tests.Appointments;

public sealed partial class AppointmentTests
{
    [Fact]
    public void GivenNoWindow_WhenInitiate_ThenPatientLedStandardAppointmentCreated()
    {
        var decision = Appointment.Initiate(Given.Request(), Given.Organisation(), null, Given.Now);

        var created = Assert.IsType<AppointmentCreated>(Assert.Single(decision.Events));
        Assert.Null(decision.Booking);
        Assert.Equal(SchedulingMode.PatientLed, created.SchedulingMode);
        Assert.Equal(AppointmentType.Standard, created.Type);
        Assert.Equal("SW1A 1AA", created.Location.Postcode);
        Assert.Equal(Given.Now, created.CreatedAt);
        Assert.Equal(AppointmentStatus.Scheduling, Given.Replay(decision.Events).Status);
    }

    [Fact]
    public void GivenAFreeWindow_WhenInitiate_ThenCreatedScheduledAndAPlaceBooked()
    {
        var window = Given.Window();

        var decision = Appointment.Initiate(Given.Request(), Given.Organisation(), window, Given.Now);

        Assert.Collection(
            decision.Events,
            e => Assert.Equal(SchedulingMode.ChooseATime, Assert.IsType<AppointmentCreated>(e).SchedulingMode),
            e => Assert.Equal(window.Id, Assert.IsType<AppointmentScheduled>(e).WindowId));
        Assert.Equal(new WindowPlaceBooked(window.Id, "apt_0193a", Given.Now), decision.Booking);
        var state = Given.Replay(decision.Events);
        Assert.Equal(AppointmentStatus.Scheduled, state.Status);
        Assert.Equal(window.Id, state.WindowId);
    }

    [Fact]
    public void GivenPlanDates_WhenInitiate_ThenScheduledTypeWithThePlan()
    {
        var decision = Appointment.Initiate(Given.Request(Given.PreOp, Given.Today, Given.Today.PlusDays(7)), Given.Organisation(), null, Given.Now);

        var created = Assert.IsType<AppointmentCreated>(decision.Events[0]);
        Assert.Equal(AppointmentType.Scheduled, created.Type);
        Assert.Equal(Given.Today, created.PlanFrom);
        Assert.Equal(Given.Today.PlusDays(7), created.PlanTo);
    }

    [Theory]
    [InlineData(true, false, "planTo")]
    [InlineData(false, true, "planFrom")]
    public void GivenOnlyOnePlanDate_WhenInitiate_ThenRejectedForTheMissingOne(bool from, bool to, string field)
    {
        var error = Given.Rejects(() => Appointment.Initiate(
            Given.Request(Given.PreOp, from ? Given.Today : null, to ? Given.Today.PlusDays(9) : null), Given.Organisation(), null, Given.Now));

        Assert.Equal((DomainErrorKind.Invalid, field), (error.Kind, error.Field));
    }

    [Fact]
    public void GivenPlanToBeforePlanFrom_WhenInitiate_ThenRejected()
    {
        var error = Given.Rejects(() => Appointment.Initiate(Given.Request(Given.PreOp, Given.Today.PlusDays(9), Given.Today.PlusDays(1)), Given.Organisation(), null, Given.Now));
        Assert.Equal("planTo", error.Field);
    }

    [Fact]
    public void GivenPlanFromYesterday_WhenInitiate_ThenRejected()
    {
        var error = Given.Rejects(() => Appointment.Initiate(Given.Request(Given.PreOp, Given.Today.PlusDays(-1), Given.Today.PlusDays(9)), Given.Organisation(), null, Given.Now));
        Assert.Equal("planFrom", error.Field);
    }

    [Fact]
    public void GivenLateEveningUtcInSummer_WhenInitiate_ThenTodayIsTheLondonDate()
    {
        // 23:30 UTC on 1 July is 00:30 on 2 July in London (BST): 1 July is already yesterday there.
        var now = Instant.FromUtc(2026, 7, 1, 23, 30);
        var request = Given.Request(Given.PreOp, new LocalDate(2026, 7, 1), new LocalDate(2026, 7, 20));

        var error = Given.Rejects(() => Appointment.Initiate(request, Given.Organisation(), null, now));

        Assert.Equal("planFrom", error.Field);
        Assert.Contains("2026-07-02", error.Message, StringComparison.Ordinal);
        Appointment.Initiate(Given.Request(Given.PreOp, new LocalDate(2026, 7, 2), new LocalDate(2026, 7, 20)), Given.Organisation(), null, now);
    }

    [Fact]
    public void GivenAPlanShorterThanTheTasksMinimum_WhenInitiate_ThenRejectedNamingTheMinimum()
    {
        var error = Given.Rejects(() => Appointment.Initiate(Given.Request(Given.PreOp, Given.Today, Given.Today.PlusDays(6)), Given.Organisation(), null, Given.Now));

        Assert.Equal("planTo", error.Field);
        Assert.Contains("7 days", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GivenATaskWithoutScheduledAppointments_WhenInitiateWithPlanDates_ThenUnprocessable()
    {
        var error = Given.Rejects(() => Appointment.Initiate(Given.Request(Given.BloodTest, Given.Today, Given.Today.PlusDays(3)), Given.Organisation(), null, Given.Now));

        Assert.Equal((DomainErrorKind.Unprocessable, "scheduled_not_enabled"), (error.Kind, error.Code));
    }

    [Fact]
    public void GivenDocumentsDisabled_WhenInitiateWithDocuments_ThenUnprocessable()
    {
        var error = Given.Rejects(() => Appointment.Initiate(Given.Request(documentIds: ["doc_1"]), Given.Organisation(documentsEnabled: false), null, Given.Now));
        Assert.Equal((DomainErrorKind.Unprocessable, "documents_not_enabled"), (error.Kind, error.Code));

        Appointment.Initiate(Given.Request(documentIds: []), Given.Organisation(documentsEnabled: false), null, Given.Now);
    }

    [Fact]
    public void GivenBrokenDocumentLists_WhenInitiate_ThenRejectedAtTheElement()
    {
        Assert.Equal("documentIds", Given.Rejects(() => Appointment.Initiate(
            Given.Request(documentIds: [.. Enumerable.Range(0, 21).Select(i => $"doc_{i}")]), Given.Organisation(), null, Given.Now)).Field);
        Assert.Equal("documentIds[2]", Given.Rejects(() => Appointment.Initiate(
            Given.Request(documentIds: ["doc_1", "doc_2", "doc_1"]), Given.Organisation(), null, Given.Now)).Field);
        Assert.Equal("documentIds[1]", Given.Rejects(() => Appointment.Initiate(
            Given.Request(documentIds: ["doc_1", "file_2"]), Given.Organisation(), null, Given.Now)).Field);
    }

    [Fact]
    public void GivenTooLongTexts_WhenInitiate_ThenRejected()
    {
        Assert.Equal("note", Given.Rejects(() => Appointment.Initiate(Given.Request(note: new string('n', 2001)), Given.Organisation(), null, Given.Now)).Field);
        Assert.Equal("externalRef", Given.Rejects(() => Appointment.Initiate(Given.Request(externalRef: new string('r', 257)), Given.Organisation(), null, Given.Now)).Field);
    }

    [Fact]
    public void GivenAWindowOfAnotherTask_WhenInitiate_ThenWindowTaskMismatch()
    {
        var error = Given.Rejects(() => Appointment.Initiate(Given.Request(), Given.Organisation(), Given.Window(taskId: "tsk_preop"), Given.Now));
        Assert.Equal((DomainErrorKind.Unprocessable, "window_task_mismatch"), (error.Kind, error.Code));
    }

    [Fact]
    public void GivenAWindowStartingNow_WhenInitiate_ThenWindowInPast()
    {
        var error = Given.Rejects(() => Appointment.Initiate(Given.Request(), Given.Organisation(), Given.Window(start: Given.Now), Given.Now));
        Assert.Equal((DomainErrorKind.Unprocessable, "window_in_past"), (error.Kind, error.Code));
    }

    [Fact]
    public void GivenAFullWindow_WhenInitiate_ThenWindowFullConflict()
    {
        var error = Given.Rejects(() => Appointment.Initiate(Given.Request(), Given.Organisation(), Given.Window(capacity: 2, booked: 2), Given.Now));
        Assert.Equal((DomainErrorKind.Conflict, "window_full"), (error.Kind, error.Code));
    }

    [Fact]
    public void GivenAPlan_WhenInitiateWithAWindowOutsideIt_ThenWindowOutsidePlan()
    {
        var request = Given.Request(Given.PreOp, Given.Today.PlusDays(1), Given.Today.PlusDays(8));
        var tooLate = Given.Window("tsk_preop", start: Instant.FromUtc(2026, 12, 3, 10, 0));

        var error = Given.Rejects(() => Appointment.Initiate(request, Given.Organisation(), tooLate, Given.Now));

        Assert.Equal((DomainErrorKind.Unprocessable, "window_outside_plan"), (error.Kind, error.Code));
    }

    [Theory]
    [InlineData(2026, 11, 25, 10, 0)] // planFrom itself
    [InlineData(2026, 12, 2, 23, 30)] // planTo itself, late evening
    public void GivenAPlan_WhenInitiateWithAWindowOnItsBoundaryDays_ThenAccepted(int year, int month, int day, int hour, int minute)
    {
        var request = Given.Request(Given.PreOp, Given.Today.PlusDays(1), Given.Today.PlusDays(8));
        var window = Given.Window("tsk_preop", start: Instant.FromUtc(year, month, day, hour, minute));

        var decision = Appointment.Initiate(request, Given.Organisation(), window, Given.Now);

        Assert.NotNull(decision.Booking);
    }

    [Fact]
    public void GivenSummerTime_WhenTheWindowsUtcDateIsBeforeThePlan_ThenItsLondonDateCounts()
    {
        // 23:30 UTC on 9 July is 00:30 on 10 July in London: inside a plan starting 10 July.
        var now = Instant.FromUtc(2026, 7, 1, 9, 0);
        var request = Given.Request(Given.PreOp, new LocalDate(2026, 7, 10), new LocalDate(2026, 7, 20));
        var window = AvailabilityWindow.Create(new AvailabilityWindowOpened("win_s", "tsk_preop", Instant.FromUtc(2026, 7, 9, 23, 30), Instant.FromUtc(2026, 7, 10, 1, 0), 1, now));

        Assert.NotNull(Appointment.Initiate(request, Given.Organisation(), window, now).Booking);
    }
}

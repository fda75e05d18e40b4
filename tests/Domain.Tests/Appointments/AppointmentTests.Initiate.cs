using NodaTime;
using Scheduling.Domain.Appointments;
using Scheduling.Domain.Availability;
using Scheduling.Domain.Common;

namespace Scheduling.Domain.Tests.Appointments;

public sealed partial class AppointmentTests
{
    // ---- Rule 4: patient-led (no window) ----

    [Fact]
    public void GivenNoWindow_WhenInitiate_ThenOnlyAppointmentCreatedPatientLed()
    {
        var request = Given.Request(note: "Ring twice", externalRef: "ref-1");

        var decision = Appointment.Initiate(request, Given.Organisation(), null, Given.Now);

        var created = Assert.IsType<AppointmentCreated>(Assert.Single(decision.Events));
        Assert.Equal(
            new AppointmentCreated(
                Given.AppointmentId, "org_demo", Given.PatientId, "tsk_bloodtest", AppointmentType.Standard, SchedulingMode.PatientLed,
                null, null, "+447911123456", Given.Location, "ref-1", "Ring twice", request.DocumentIds, null, Given.Now),
            created);
        Assert.Equal("SW1A 1AA", created.Location.Postcode);
        Assert.Null(decision.Booking);
    }

    [Fact]
    public void GivenAppointmentCreated_WhenReplayed_ThenSchedulingWithNoWindow()
    {
        var state = Given.Replay(Appointment.Initiate(Given.Request(), Given.Organisation(), null, Given.Now).Events);

        Assert.Equal(
            (Given.AppointmentId, "tsk_bloodtest", AppointmentStatus.Scheduling, AppointmentType.Standard, (PlanWindow?)null, (string?)null, 1L),
            (state.Id, state.TaskId, state.Status, state.Type, state.Plan, state.HeldWindowId, state.Version));
    }

    // ---- Rule 1: type, plan dates ----

    [Fact]
    public void GivenPlanDatesExactlyTheMinimumApartFromToday_WhenInitiate_ThenScheduledTypeWithThePlan()
    {
        var decision = Appointment.Initiate(Given.Request(Given.PreOp, Given.Today, Given.Today.PlusDays(7)), Given.Organisation(), null, Given.Now);

        var created = Assert.IsType<AppointmentCreated>(Assert.Single(decision.Events));
        Assert.Equal(AppointmentType.Scheduled, created.Type);
        Assert.Equal(SchedulingMode.PatientLed, created.SchedulingMode);
        Assert.Equal((Given.Today, Given.Today.PlusDays(7)), (created.PlanFrom, created.PlanTo));

        var state = Given.Replay(decision.Events);
        Assert.Equal(AppointmentType.Scheduled, state.Type);
        Assert.Equal((Given.Today, Given.Today.PlusDays(7)), (state.Plan!.From, state.Plan.To));
    }

    [Fact]
    public void GivenNoPlanDates_WhenInitiateForAScheduledEnabledTask_ThenStandardType()
    {
        var created = (AppointmentCreated)Appointment.Initiate(Given.Request(Given.PreOp), Given.Organisation(), null, Given.Now).Events[0];

        Assert.Equal(AppointmentType.Standard, created.Type);
        Assert.Null(created.PlanFrom);
        Assert.Null(created.PlanTo);
    }

    [Fact]
    public void GivenOnlyPlanFrom_WhenInitiate_ThenPlanToRequired()
    {
        var error = Given.Rejects(() => Appointment.Initiate(Given.Request(Given.PreOp, planFrom: Given.Today), Given.Organisation(), null, Given.Now));

        Given.IsError(error, DomainErrorKind.Invalid, "validation_failed", "planTo");
    }

    [Fact]
    public void GivenOnlyPlanTo_WhenInitiate_ThenPlanFromRequired()
    {
        var error = Given.Rejects(() => Appointment.Initiate(Given.Request(Given.PreOp, planTo: Given.Today.PlusDays(9)), Given.Organisation(), null, Given.Now));

        Given.IsError(error, DomainErrorKind.Invalid, "validation_failed", "planFrom");
    }

    [Fact]
    public void GivenPlanToBeforePlanFrom_WhenInitiate_ThenRejectedForOrder()
    {
        // A task with no minimum, so only the order rule can object.
        var error = Given.Rejects(() => Appointment.Initiate(
            Given.Request(Given.AnyDay, Given.Today.PlusDays(2), Given.Today.PlusDays(1)), Given.Organisation(), null, Given.Now));

        Given.IsError(error, DomainErrorKind.Invalid, "validation_failed", "planTo");
        Assert.Contains("before 'planFrom'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GivenPlanFromEqualToPlanTo_WhenInitiateForATaskWithoutMinimum_ThenAccepted()
    {
        var decision = Appointment.Initiate(Given.Request(Given.AnyDay, Given.Today.PlusDays(3), Given.Today.PlusDays(3)), Given.Organisation(), null, Given.Now);

        Assert.Equal(AppointmentType.Scheduled, Assert.IsType<AppointmentCreated>(Assert.Single(decision.Events)).Type);
    }

    [Fact]
    public void GivenPlanFromYesterday_WhenInitiate_ThenPlanFromRejected()
    {
        var error = Given.Rejects(() => Appointment.Initiate(
            Given.Request(Given.PreOp, Given.Today.PlusDays(-1), Given.Today.PlusDays(9)), Given.Organisation(), null, Given.Now));

        Given.IsError(error, DomainErrorKind.Invalid, "validation_failed", "planFrom");
    }

    [Fact]
    public void GivenLateEveningUtcInSummer_WhenInitiateWithTheUtcDate_ThenRejectedBecauseLondonIsAlreadyTomorrow()
    {
        // 2026-07-01T23:30Z is 00:30 on 2 July in London (BST): 1 July is yesterday there, though still today in UTC.
        var now = Instant.FromUtc(2026, 7, 1, 23, 30);

        var error = Given.Rejects(() => Appointment.Initiate(
            Given.Request(Given.PreOp, new LocalDate(2026, 7, 1), new LocalDate(2026, 7, 20)), Given.Organisation(), null, now));

        Given.IsError(error, DomainErrorKind.Invalid, "validation_failed", "planFrom");
        Assert.Contains("2026-07-02", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GivenLateEveningUtcInSummer_WhenInitiateWithTheLondonDate_ThenAccepted()
    {
        var now = Instant.FromUtc(2026, 7, 1, 23, 30);

        var decision = Appointment.Initiate(
            Given.Request(Given.PreOp, new LocalDate(2026, 7, 2), new LocalDate(2026, 7, 9)), Given.Organisation(), null, now);

        Assert.Equal(new LocalDate(2026, 7, 2), Assert.IsType<AppointmentCreated>(Assert.Single(decision.Events)).PlanFrom);
    }

    [Fact]
    public void GivenAPlanOneDayShorterThanTheTasksMinimum_WhenInitiate_ThenRejectedNamingTheMinimum()
    {
        var error = Given.Rejects(() => Appointment.Initiate(
            Given.Request(Given.PreOp, Given.Today, Given.Today.PlusDays(6)), Given.Organisation(), null, Given.Now));

        Given.IsError(error, DomainErrorKind.Invalid, "validation_failed", "planTo");
        Assert.Contains("at least 7 days", error.Message, StringComparison.Ordinal);
    }

    // ---- Rule 2: scheduled needs the task's permission ----

    [Fact]
    public void GivenATaskWithoutScheduledAppointments_WhenInitiateWithPlanDates_ThenScheduledNotEnabled()
    {
        var error = Given.Rejects(() => Appointment.Initiate(
            Given.Request(Given.BloodTest, Given.Today, Given.Today.PlusDays(3)), Given.Organisation(), null, Given.Now));

        Given.IsError(error, DomainErrorKind.Unprocessable, "scheduled_not_enabled");
        Assert.Contains("tsk_bloodtest", error.Message, StringComparison.Ordinal);
    }

    // ---- Documents ----

    [Fact]
    public void GivenDocumentsEnabled_WhenInitiateWithTwentyDocuments_ThenTheyAreKept()
    {
        string[] documents = [.. Enumerable.Range(0, Appointment.MaxDocuments).Select(i => $"doc_{i}")];

        var created = (AppointmentCreated)Appointment.Initiate(Given.Request(documentIds: documents), Given.Organisation(), null, Given.Now).Events[0];

        Assert.Equal(documents, created.DocumentIds);
    }

    [Fact]
    public void GivenTwentyOneDocuments_WhenInitiate_ThenRejected()
    {
        string[] documents = [.. Enumerable.Range(0, Appointment.MaxDocuments + 1).Select(i => $"doc_{i}")];

        var error = Given.Rejects(() => Appointment.Initiate(Given.Request(documentIds: documents), Given.Organisation(), null, Given.Now));

        Given.IsError(error, DomainErrorKind.Invalid, "validation_failed", "documentIds");
    }

    [Fact]
    public void GivenADuplicateDocument_WhenInitiate_ThenRejectedAtTheRepeat()
    {
        var error = Given.Rejects(() => Appointment.Initiate(Given.Request(documentIds: ["doc_1", "doc_2", "doc_1"]), Given.Organisation(), null, Given.Now));

        Given.IsError(error, DomainErrorKind.Invalid, "validation_failed", "documentIds[2]");
    }

    [Theory]
    [InlineData("file_2")]
    [InlineData("doc_")]
    [InlineData("doc_a-b")]
    [InlineData("DOC_2")]
    public void GivenABadDocumentId_WhenInitiate_ThenRejectedAtTheElement(string bad)
    {
        var error = Given.Rejects(() => Appointment.Initiate(Given.Request(documentIds: ["doc_1", bad]), Given.Organisation(), null, Given.Now));

        Given.IsError(error, DomainErrorKind.Invalid, "validation_failed", "documentIds[1]");
    }

    [Fact]
    public void GivenDocumentsDisabled_WhenInitiateWithDocuments_ThenDocumentsNotEnabled()
    {
        var error = Given.Rejects(() => Appointment.Initiate(Given.Request(documentIds: ["doc_1"]), Given.Organisation(documentsEnabled: false), null, Given.Now));

        Given.IsError(error, DomainErrorKind.Unprocessable, "documents_not_enabled");
    }

    [Fact]
    public void GivenDocumentsDisabled_WhenInitiateWithoutDocuments_ThenCreated()
    {
        var decision = Appointment.Initiate(Given.Request(documentIds: []), Given.Organisation(documentsEnabled: false), null, Given.Now);

        Assert.IsType<AppointmentCreated>(Assert.Single(decision.Events));
    }

    // ---- Ids and texts ----

    [Fact]
    public void GivenABadAppointmentId_WhenInitiate_ThenRejected()
    {
        var error = Given.Rejects(() => Appointment.Initiate(Given.Request(appointmentId: "appt_1"), Given.Organisation(), null, Given.Now));

        Given.IsError(error, DomainErrorKind.Invalid, "validation_failed", "id");
    }

    [Fact]
    public void GivenABadPatientId_WhenInitiate_ThenRejected()
    {
        var error = Given.Rejects(() => Appointment.Initiate(Given.Request(patientId: "pat_1"), Given.Organisation(), null, Given.Now));

        Given.IsError(error, DomainErrorKind.Invalid, "validation_failed", "patientId");
    }

    [Fact]
    public void GivenTextsAtTheirLimits_WhenInitiate_ThenAcceptedButOneCharacterMoreIsRejected()
    {
        Appointment.Initiate(Given.Request(note: new string('n', 2000), externalRef: new string('r', 256)), Given.Organisation(), null, Given.Now);

        Given.IsError(
            Given.Rejects(() => Appointment.Initiate(Given.Request(note: new string('n', 2001)), Given.Organisation(), null, Given.Now)),
            DomainErrorKind.Invalid, "validation_failed", "note");
        Given.IsError(
            Given.Rejects(() => Appointment.Initiate(Given.Request(externalRef: new string('r', 257)), Given.Organisation(), null, Given.Now)),
            DomainErrorKind.Invalid, "validation_failed", "externalRef");
    }

    // ---- Rule 3: choose-a-time ----

    [Fact]
    public void GivenAFreeWindow_WhenInitiate_ThenCreatedAndScheduledAndAPlaceBooked()
    {
        var window = Given.Window();

        var decision = Appointment.Initiate(Given.Request(), Given.Organisation(), window, Given.Now);

        Assert.Collection(
            decision.Events,
            e =>
            {
                var created = Assert.IsType<AppointmentCreated>(e);
                Assert.Equal((SchedulingMode.ChooseATime, AppointmentType.Standard), (created.SchedulingMode, created.Type));
            },
            e => Assert.Equal(new AppointmentScheduled(Given.AppointmentId, "win_1", window.Start, window.End, Given.Now), e));
        Assert.Equal(new WindowPlaceBooked("win_1", Given.AppointmentId, Given.Now), decision.Booking);
    }

    [Fact]
    public void GivenCreatedAndScheduled_WhenReplayed_ThenScheduledInTheWindow()
    {
        var state = Given.Replay(Appointment.Initiate(Given.Request(), Given.Organisation(), Given.Window(), Given.Now).Events);

        Assert.Equal((AppointmentStatus.Scheduled, "win_1"), (state.Status, state.HeldWindowId));
    }

    [Fact]
    public void GivenAWindowOfAnotherTask_WhenInitiate_ThenWindowTaskMismatch()
    {
        var error = Given.Rejects(() => Appointment.Initiate(Given.Request(), Given.Organisation(), Given.Window(taskId: "tsk_preop"), Given.Now));

        Given.IsError(error, DomainErrorKind.Unprocessable, "window_task_mismatch");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-60)]
    public void GivenAWindowStartingNowOrEarlier_WhenInitiate_ThenWindowInPast(int minutesFromNow)
    {
        var window = Given.Window(start: Given.Now + Duration.FromMinutes(minutesFromNow));

        var error = Given.Rejects(() => Appointment.Initiate(Given.Request(), Given.Organisation(), window, Given.Now));

        Given.IsError(error, DomainErrorKind.Unprocessable, "window_in_past");
    }

    [Fact]
    public void GivenAWindowStartingOneTickFromNow_WhenInitiate_ThenBooked()
    {
        var window = Given.Window(start: Given.Now + Duration.Epsilon);

        Assert.NotNull(Appointment.Initiate(Given.Request(), Given.Organisation(), window, Given.Now).Booking);
    }

    [Fact]
    public void GivenAFullWindow_WhenInitiate_ThenWindowFullConflict()
    {
        var error = Given.Rejects(() => Appointment.Initiate(Given.Request(), Given.Organisation(), Given.Window(capacity: 2, booked: 2), Given.Now));

        Given.IsError(error, DomainErrorKind.Conflict, "window_full");
    }

    [Fact]
    public void GivenAWindowWithItsLastPlace_WhenInitiate_ThenBooked()
    {
        var decision = Appointment.Initiate(Given.Request(), Given.Organisation(), Given.Window(capacity: 2, booked: 1), Given.Now);

        Assert.Equal(new WindowPlaceBooked("win_1", Given.AppointmentId, Given.Now), decision.Booking);
    }

    [Theory]
    [InlineData(2026, 11, 24, 23, 0)] // the day before planFrom (London = UTC in November)
    [InlineData(2026, 12, 3, 0, 0)] // the day after planTo
    public void GivenAPlan_WhenInitiateWithAWindowOutsideIt_ThenWindowOutsidePlan(int year, int month, int day, int hour, int minute)
    {
        var request = Given.Request(Given.PreOp, Given.Today.PlusDays(1), Given.Today.PlusDays(8)); // 25 Nov – 2 Dec
        var window = Given.Window("tsk_preop", start: Instant.FromUtc(year, month, day, hour, minute));

        var error = Given.Rejects(() => Appointment.Initiate(request, Given.Organisation(), window, Given.Now));

        Given.IsError(error, DomainErrorKind.Unprocessable, "window_outside_plan");
    }

    [Theory]
    [InlineData(2026, 11, 25, 0, 0)] // planFrom itself, first minute
    [InlineData(2026, 12, 2, 23, 30)] // planTo itself, late evening
    public void GivenAPlan_WhenInitiateWithAWindowOnItsBoundaryDays_ThenAccepted(int year, int month, int day, int hour, int minute)
    {
        var request = Given.Request(Given.PreOp, Given.Today.PlusDays(1), Given.Today.PlusDays(8)); // 25 Nov – 2 Dec
        var window = Given.Window("tsk_preop", start: Instant.FromUtc(year, month, day, hour, minute));

        var decision = Appointment.Initiate(request, Given.Organisation(), window, Given.Now);

        Assert.Equal(AppointmentType.Scheduled, Assert.IsType<AppointmentCreated>(decision.Events[0]).Type);
        Assert.IsType<AppointmentScheduled>(decision.Events[1]);
        Assert.NotNull(decision.Booking);
    }

    [Fact]
    public void GivenSummerTime_WhenTheWindowsUtcDateIsTheDayBeforePlanFrom_ThenItsLondonDateIsInsideThePlan()
    {
        // 2026-07-09T23:30Z is 00:30 on 10 July in London: inside a plan starting 10 July.
        var now = Instant.FromUtc(2026, 7, 1, 9, 0);
        var request = Given.Request(Given.PreOp, new LocalDate(2026, 7, 10), new LocalDate(2026, 7, 20));
        var window = Given.Window("tsk_preop", start: Instant.FromUtc(2026, 7, 9, 23, 30));

        Assert.NotNull(Appointment.Initiate(request, Given.Organisation(), window, now).Booking);
    }

    [Fact]
    public void GivenSummerTime_WhenTheWindowsUtcDateIsPlanToButItsLondonDateIsAfter_ThenWindowOutsidePlan()
    {
        // 2026-07-20T23:30Z is 00:30 on 21 July in London: after a plan ending 20 July.
        var now = Instant.FromUtc(2026, 7, 1, 9, 0);
        var request = Given.Request(Given.PreOp, new LocalDate(2026, 7, 10), new LocalDate(2026, 7, 20));
        var window = Given.Window("tsk_preop", start: Instant.FromUtc(2026, 7, 20, 23, 30));

        var error = Given.Rejects(() => Appointment.Initiate(request, Given.Organisation(), window, now));

        Given.IsError(error, DomainErrorKind.Unprocessable, "window_outside_plan");
    }

    [Fact]
    public void GivenAStandardAppointment_WhenInitiateWithAWindowFarAhead_ThenNoPlanLimitsIt()
    {
        var window = Given.Window(start: Given.Now + Duration.FromDays(200));

        Assert.NotNull(Appointment.Initiate(Given.Request(), Given.Organisation(), window, Given.Now).Booking);
    }

    [Fact]
    public void GivenAnInitiatedDecision_WhenTheWindowAppliesTheBooking_ThenOnePlaceIsGone()
    {
        var window = Given.Window(capacity: 3);

        var decision = Appointment.Initiate(Given.Request(), Given.Organisation(), window, Given.Now);
        var after = window.Apply(decision.Booking!);

        Assert.Equal(2, after.Remaining);
        Assert.Equal([Given.AppointmentId], after.BookedAppointmentIds);
    }
}

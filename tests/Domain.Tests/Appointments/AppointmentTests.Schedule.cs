using NodaTime;
using Scheduling.Domain.Appointments;
using Scheduling.Domain.Availability;
using Scheduling.Domain.Common;

namespace Scheduling.Domain.Tests.Appointments;

public sealed partial class AppointmentTests
{
    [Fact]
    public void GivenPatientLed_WhenSchedule_ThenAppointmentScheduledAndAPlaceBooked()
    {
        var window = Given.Window();

        var decision = Given.PatientLed().Schedule(window, Given.London, Given.Now);

        Assert.Equal(new AppointmentScheduled(Given.AppointmentId, "win_1", window.Start, window.End, Given.Now), Assert.Single(decision.Events));
        Assert.Equal(new WindowPlaceBooked("win_1", Given.AppointmentId, Given.Now), decision.Booking);
    }

    [Fact]
    public void GivenPatientLedThenScheduled_WhenReplayed_ThenScheduledInTheWindow()
    {
        var created = Given.Created();
        var scheduled = Given.Replay([created]).Schedule(Given.Window(id: "win_7"), Given.London, Given.Now).Events;

        var state = Given.Replay([created, .. scheduled]);

        Assert.Equal((AppointmentStatus.Scheduled, "win_7"), (state.Status, state.HeldWindowId));
    }

    [Fact]
    public void GivenScheduled_WhenSchedule_ThenInvalidStatus()
    {
        var error = Given.Rejects(() => Given.Scheduled().Schedule(Given.Window(id: "win_2"), Given.London, Given.Now));

        Given.IsError(error, DomainErrorKind.Conflict, "invalid_status");
    }

    [Fact]
    public void GivenCancelled_WhenSchedule_ThenInvalidStatus()
    {
        var cancelled = Given.PatientLedThenCancelled();

        Given.IsError(Given.Rejects(() => cancelled.Schedule(Given.Window(), Given.London, Given.Now)), DomainErrorKind.Conflict, "invalid_status");
    }

    [Fact]
    public void GivenCompleted_WhenSchedule_ThenInvalidStatus()
    {
        var completed = Given.ScheduledThenCompleted();

        Given.IsError(Given.Rejects(() => completed.Schedule(Given.Window(id: "win_2"), Given.London, Given.Now)), DomainErrorKind.Conflict, "invalid_status");
    }

    [Fact]
    public void GivenPatientLed_WhenScheduleIntoAWindowOfAnotherTask_ThenWindowTaskMismatch()
    {
        var error = Given.Rejects(() => Given.PatientLed().Schedule(Given.Window(taskId: "tsk_preop"), Given.London, Given.Now));

        Given.IsError(error, DomainErrorKind.Unprocessable, "window_task_mismatch");
    }

    [Fact]
    public void GivenPatientLed_WhenScheduleIntoAStartedWindow_ThenWindowInPast()
    {
        var error = Given.Rejects(() => Given.PatientLed().Schedule(Given.Window(start: Given.Now - Duration.FromMinutes(1)), Given.London, Given.Now));

        Given.IsError(error, DomainErrorKind.Unprocessable, "window_in_past");
    }

    [Fact]
    public void GivenPatientLed_WhenScheduleIntoAFullWindow_ThenWindowFullConflict()
    {
        var error = Given.Rejects(() => Given.PatientLed().Schedule(Given.Window(capacity: 1, booked: 1), Given.London, Given.Now));

        Given.IsError(error, DomainErrorKind.Conflict, "window_full");
    }

    [Fact]
    public void GivenAScheduledTypeAppointment_WhenScheduleAfterItsPlan_ThenWindowOutsidePlan()
    {
        var appointment = Given.PatientLed(Given.PreOp, Given.Today.PlusDays(1), Given.Today.PlusDays(8));
        var window = Given.Window("tsk_preop", start: Instant.FromUtc(2026, 12, 3, 9, 0));

        Given.IsError(Given.Rejects(() => appointment.Schedule(window, Given.London, Given.Now)), DomainErrorKind.Unprocessable, "window_outside_plan");
    }

    [Fact]
    public void GivenAScheduledTypeAppointment_WhenScheduleBeforeItsPlan_ThenWindowOutsidePlan()
    {
        var appointment = Given.PatientLed(Given.PreOp, Given.Today.PlusDays(2), Given.Today.PlusDays(9));
        var window = Given.Window("tsk_preop", start: Instant.FromUtc(2026, 11, 25, 9, 0));

        Given.IsError(Given.Rejects(() => appointment.Schedule(window, Given.London, Given.Now)), DomainErrorKind.Unprocessable, "window_outside_plan");
    }

    [Theory]
    [InlineData(2026, 11, 25, 8, 0)] // planFrom
    [InlineData(2026, 12, 2, 20, 0)] // planTo
    public void GivenAScheduledTypeAppointment_WhenScheduleOnAPlanBoundaryDay_ThenScheduled(int year, int month, int day, int hour, int minute)
    {
        var appointment = Given.PatientLed(Given.PreOp, Given.Today.PlusDays(1), Given.Today.PlusDays(8));
        var window = Given.Window("tsk_preop", start: Instant.FromUtc(year, month, day, hour, minute));

        var decision = appointment.Schedule(window, Given.London, Given.Now);

        Assert.IsType<AppointmentScheduled>(Assert.Single(decision.Events));
    }

    [Fact]
    public void GivenAScheduledTypeAppointmentInSummer_WhenTheWindowsLondonDateIsAfterPlanTo_ThenWindowOutsidePlanUsingTheGivenZone()
    {
        var now = Instant.FromUtc(2026, 7, 1, 9, 0);
        var appointment = Given.PatientLed(Given.PreOp, new LocalDate(2026, 7, 10), new LocalDate(2026, 7, 20));
        var lateOnPlanTo = Given.Window("tsk_preop", start: Instant.FromUtc(2026, 7, 20, 23, 30)); // 21 July 00:30 in London

        Given.IsError(Given.Rejects(() => appointment.Schedule(lateOnPlanTo, Given.London, now)), DomainErrorKind.Unprocessable, "window_outside_plan");
        Assert.Single(appointment.Schedule(lateOnPlanTo, DateTimeZone.Utc, now).Events);
    }
}

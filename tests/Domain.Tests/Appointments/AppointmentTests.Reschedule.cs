using NodaTime;
using Scheduling.Domain.Appointments;
using Scheduling.Domain.Availability;
using Scheduling.Domain.Common;

namespace Scheduling.Domain.Tests.Appointments;

public sealed partial class AppointmentTests
{
    [Fact]
    public void GivenScheduled_WhenRescheduleToAnotherWindow_ThenRescheduledFromTheOldToTheNew()
    {
        var target = Given.Window(id: "win_2", start: Given.Now + Duration.FromDays(5));

        var (rescheduled, booking) = Given.Scheduled().Reschedule(target, Given.London, Given.Now);

        Assert.Equal(new AppointmentRescheduled(Given.AppointmentId, "win_1", "win_2", target.Start, target.End, Given.Now), rescheduled);
        Assert.Equal(new WindowPlaceBooked("win_2", Given.AppointmentId, Given.Now), booking);
        var state = Given.Scheduled().Then(rescheduled);
        Assert.Equal(("win_2", AppointmentStatus.Scheduled, target.Start), (state.HeldWindowId, state.Status, state.Window!.Start));
    }

    [Fact]
    public void GivenScheduled_WhenRescheduleToTheSameWindow_ThenSameWindow()
    {
        Given.IsError(Given.Rejects(() => Given.Scheduled().Reschedule(Given.Window(), Given.London, Given.Now)), DomainErrorKind.Unprocessable, "same_window");
    }

    [Fact]
    public void GivenPatientLed_WhenReschedule_ThenInvalidStatus()
    {
        Given.IsError(Given.Rejects(() => Given.PatientLed().Reschedule(Given.Window(id: "win_2"), Given.London, Given.Now)), DomainErrorKind.Conflict, "invalid_status");
    }

    [Theory]
    [InlineData("cancelled")]
    [InlineData("completed")]
    public void GivenEnded_WhenReschedule_ThenInvalidStatus(string history)
    {
        var appointment = history == "cancelled" ? Given.ScheduledThenCancelled() : Given.ScheduledThenCompleted();

        Given.IsError(Given.Rejects(() => appointment.Reschedule(Given.Window(id: "win_2"), Given.London, Given.Now)), DomainErrorKind.Conflict, "invalid_status");
    }

    [Fact]
    public void GivenScheduled_WhenRescheduleToAFullWindow_ThenWindowFull()
    {
        var full = Given.Window(id: "win_2", capacity: 1, booked: 1);

        Given.IsError(Given.Rejects(() => Given.Scheduled().Reschedule(full, Given.London, Given.Now)), DomainErrorKind.Conflict, "window_full");
    }

    [Fact]
    public void GivenScheduled_WhenRescheduleToAnotherTasksWindow_ThenWindowTaskMismatch()
    {
        var other = Given.Window(taskId: "tsk_preop", id: "win_2");

        Given.IsError(Given.Rejects(() => Given.Scheduled().Reschedule(other, Given.London, Given.Now)), DomainErrorKind.Unprocessable, "window_task_mismatch");
    }

    [Fact]
    public void GivenScheduled_WhenRescheduleToAStartedWindow_ThenWindowInPast()
    {
        var started = Given.Window(id: "win_2", start: Given.Now - Duration.FromMinutes(1));

        Given.IsError(Given.Rejects(() => Given.Scheduled().Reschedule(started, Given.London, Given.Now)), DomainErrorKind.Unprocessable, "window_in_past");
    }
}

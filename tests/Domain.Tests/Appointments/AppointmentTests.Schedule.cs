using NodaTime;
using Scheduling.Domain.Appointments;
using Scheduling.Domain.Common;

namespace Scheduling.Domain.Tests.Appointments;

public sealed partial class AppointmentTests
{
    [Fact]
    public void GivenPatientLed_WhenSchedule_ThenScheduledIntoTheWindow()
    {
        var window = Given.Window();

        var decision = Given.PatientLed().Schedule(window, Given.London, Given.Now);

        var scheduled = Assert.IsType<AppointmentScheduled>(Assert.Single(decision.Events));
        Assert.Equal((window.Id, window.Start, window.End), (scheduled.WindowId, scheduled.WindowStart, scheduled.WindowEnd));
        Assert.Equal(window.Id, decision.Booking!.WindowId);
    }

    [Fact]
    public void GivenScheduled_WhenSchedule_ThenInvalidStatus()
    {
        var error = Given.Rejects(() => Given.Scheduled().Schedule(Given.Window(id: "win_2"), Given.London, Given.Now));
        Assert.Equal((DomainErrorKind.Conflict, "invalid_status"), (error.Kind, error.Code));
    }

    [Fact]
    public void GivenCancelled_WhenSchedule_ThenInvalidStatus()
    {
        var cancelled = Given.PatientLed();
        cancelled = cancelled.Apply(cancelled.Cancel(null, CancellationParty.Patient, CancellationParty.Patient, "changed_mind", Given.Now));

        Assert.Equal("invalid_status", Given.Rejects(() => cancelled.Schedule(Given.Window(), Given.London, Given.Now)).Code);
    }

    [Fact]
    public void GivenPatientLed_WhenScheduleIntoAFullOrPastOrForeignWindow_ThenTheWindowRulesApply()
    {
        var appointment = Given.PatientLed();
        Assert.Equal("window_full", Given.Rejects(() => appointment.Schedule(Given.Window(capacity: 1, booked: 1), Given.London, Given.Now)).Code);
        Assert.Equal("window_in_past", Given.Rejects(() => appointment.Schedule(Given.Window(start: Given.Now - Duration.FromMinutes(1)), Given.London, Given.Now)).Code);
        Assert.Equal("window_task_mismatch", Given.Rejects(() => appointment.Schedule(Given.Window(taskId: "tsk_preop"), Given.London, Given.Now)).Code);
    }

    [Fact]
    public void GivenAScheduledTypeAppointment_WhenScheduleOutsideItsPlan_ThenWindowOutsidePlan()
    {
        var appointment = Given.PatientLed(Given.PreOp, Given.Today.PlusDays(1), Given.Today.PlusDays(8));
        var window = Given.Window("tsk_preop", start: Given.Now + Duration.FromDays(20));

        Assert.Equal("window_outside_plan", Given.Rejects(() => appointment.Schedule(window, Given.London, Given.Now)).Code);
    }
}

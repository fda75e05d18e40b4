using NodaTime;
using Scheduling.Domain.Appointments;
using Scheduling.Domain.Common;

namespace Scheduling.Domain.Tests.Appointments;

public sealed partial class AppointmentTests
{
    [Fact]
    public void GivenScheduledAndTheWindowHasStarted_WhenNoShow_ThenNoShowRecordedAndThePlaceStaysUsed()
    {
        var window = Given.Window(start: Given.Now - Duration.FromMinutes(5));
        var appointment = Given.Scheduled(window);

        var noShow = appointment.NoShow(Given.Now);

        Assert.Equal(new AppointmentNoShow(Given.AppointmentId, Given.Now), noShow);
        var state = appointment.Then(noShow);
        Assert.Equal((AppointmentStatus.NoShow, "win_1"), (state.Status, state.HeldWindowId));
    }

    [Fact]
    public void GivenScheduledBeforeTheWindowStarts_WhenNoShow_ThenWindowNotStarted()
    {
        Given.IsError(Given.Rejects(() => Given.Scheduled().NoShow(Given.Now)), DomainErrorKind.Conflict, "window_not_started");
    }

    [Fact]
    public void GivenPatientLed_WhenNoShow_ThenInvalidStatus()
    {
        Given.IsError(Given.Rejects(() => Given.PatientLed().NoShow(Given.Now)), DomainErrorKind.Conflict, "invalid_status");
    }

    [Fact]
    public void GivenNoShow_WhenNoShowCancelCompleteOrReschedule_ThenInvalidStatus()
    {
        var window = Given.Window(start: Given.Now - Duration.FromMinutes(5));
        var appointment = Given.Scheduled(window).Then(new AppointmentNoShow(Given.AppointmentId, Given.Now));

        Given.IsError(Given.Rejects(() => appointment.NoShow(Given.Now)), DomainErrorKind.Conflict, "invalid_status");
        Given.IsError(Given.Rejects(() => appointment.Cancel(null, CancellationParty.Patient, CancellationParty.Patient, "late", Given.Now)), DomainErrorKind.Conflict, "invalid_status");
        Given.IsError(Given.Rejects(() => appointment.Complete(Given.Now)), DomainErrorKind.Conflict, "invalid_status");
        Given.IsError(Given.Rejects(() => appointment.Reschedule(Given.Window(id: "win_2"), Given.London, Given.Now)), DomainErrorKind.Conflict, "invalid_status");
    }
}

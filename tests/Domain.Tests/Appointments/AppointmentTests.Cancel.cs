using Scheduling.Domain.Appointments;
using Scheduling.Domain.Common;

namespace Scheduling.Domain.Tests.Appointments;

public sealed partial class AppointmentTests
{
    [Fact]
    public void GivenScheduled_WhenCancel_ThenAppointmentCancelledReleasingItsWindow()
    {
        var cancelled = Given.Scheduled().Cancel("Unwell", CancellationParty.Patient, CancellationParty.Organisation, "patient_unwell", Given.Now);

        Assert.Equal(new AppointmentCancelled("apt_0193a", "Unwell", CancellationParty.Patient, CancellationParty.Organisation, "patient_unwell", "win_1", Given.Now), cancelled);
    }

    [Fact]
    public void GivenPatientLed_WhenCancel_ThenCancelledWithNoWindowToRelease()
    {
        var cancelled = Given.PatientLed().Cancel(null, CancellationParty.Provider, CancellationParty.Provider, "no_practitioner", Given.Now);
        Assert.Null(cancelled.ReleasedWindowId);
    }

    [Fact]
    public void GivenCancelled_WhenCancel_ThenAlreadyCancelled()
    {
        var appointment = Given.Scheduled();
        appointment = appointment.Apply(appointment.Cancel(null, CancellationParty.Patient, CancellationParty.Patient, "changed_mind", Given.Now));

        var error = Given.Rejects(() => appointment.Cancel(null, CancellationParty.Patient, CancellationParty.Patient, "changed_mind", Given.Now));

        Assert.Equal((DomainErrorKind.Conflict, "already_cancelled"), (error.Kind, error.Code));
        Assert.Equal(AppointmentStatus.Cancelled, appointment.Status);
        Assert.Null(appointment.WindowId);
    }

    [Fact]
    public void GivenCompleted_WhenCancel_ThenInvalidStatus()
    {
        var appointment = Given.Scheduled();
        appointment = appointment.Apply(appointment.Complete(Given.Now));

        Assert.Equal("invalid_status", Given.Rejects(() => appointment.Cancel(null, CancellationParty.Patient, CancellationParty.Patient, "late", Given.Now)).Code);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Changed_mind")]
    [InlineData("changed mind")]
    [InlineData("_leading")]
    [InlineData("9lives")]
    [InlineData("a-b")]
    public void GivenScheduled_WhenCancelWithANonSnakeCaseReason_ThenRejected(string reason)
    {
        Assert.Equal("reasonCode", Given.Rejects(() => Given.Scheduled().Cancel(null, CancellationParty.Patient, CancellationParty.Patient, reason, Given.Now)).Field);
    }

    [Fact]
    public void GivenScheduled_WhenCancelWithTheLongestReason_ThenAcceptedButOneMoreIsRejected()
    {
        Given.Scheduled().Cancel(null, CancellationParty.Patient, CancellationParty.Patient, new string('a', 64), Given.Now);
        Given.Rejects(() => Given.Scheduled().Cancel(null, CancellationParty.Patient, CancellationParty.Patient, new string('a', 65), Given.Now));
    }
}

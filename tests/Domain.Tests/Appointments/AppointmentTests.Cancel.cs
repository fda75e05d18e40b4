using Scheduling.Domain.Appointments;
using Scheduling.Domain.Common;

namespace Scheduling.Domain.Tests.Appointments;

public sealed partial class AppointmentTests
{
    [Fact]
    public void GivenScheduled_WhenCancel_ThenAppointmentCancelled()
    {
        var cancelled = Given.Scheduled().Cancel("Unwell", CancellationParty.Patient, CancellationParty.Organisation, "patient_unwell", Given.Now);

        Assert.Equal(
            new AppointmentCancelled(Given.AppointmentId, "Unwell", CancellationParty.Patient, CancellationParty.Organisation, "patient_unwell", "win_1", Given.Now),
            cancelled);
    }

    [Fact]
    public void GivenScheduledInAnotherWindow_WhenCancel_ThenTheEventReleasesThatWindow()
    {
        var cancelled = Given.Scheduled(Given.Window(id: "win_42")).Cancel(null, CancellationParty.Provider, CancellationParty.Provider, "no_practitioner", Given.Now);

        Assert.Equal("win_42", cancelled.ReleasedWindowId);
    }

    [Fact]
    public void GivenPatientLed_WhenCancel_ThenCancelledWithNoWindowToRelease()
    {
        var cancelled = Given.PatientLed().Cancel(null, CancellationParty.Provider, CancellationParty.Provider, "no_practitioner", Given.Now);

        Assert.Null(cancelled.ReleasedWindowId);
        Assert.Equal((CancellationParty.Provider, "no_practitioner"), (cancelled.CancellingEntity, cancelled.ReasonCode));
    }

    [Fact]
    public void GivenScheduledThenCancelled_WhenReplayed_ThenCancelledHoldingNoWindow()
    {
        var state = Given.ScheduledThenCancelled();

        Assert.Equal((AppointmentStatus.Cancelled, null), (state.Status, state.HeldWindowId));
    }

    [Fact]
    public void GivenCancelled_WhenCancel_ThenAlreadyCancelled()
    {
        var appointment = Given.ScheduledThenCancelled();

        var error = Given.Rejects(() => appointment.Cancel(null, CancellationParty.Patient, CancellationParty.Patient, "changed_mind", Given.Now));

        Given.IsError(error, DomainErrorKind.Conflict, "already_cancelled");
    }

    [Fact]
    public void GivenCompleted_WhenCancel_ThenInvalidStatus()
    {
        var appointment = Given.ScheduledThenCompleted();

        var error = Given.Rejects(() => appointment.Cancel(null, CancellationParty.Patient, CancellationParty.Patient, "late", Given.Now));

        Given.IsError(error, DomainErrorKind.Conflict, "invalid_status");
    }

    [Theory]
    [InlineData("")]
    [InlineData("Changed_mind")]
    [InlineData("changed mind")]
    [InlineData("changed-mind")]
    [InlineData("_leading")]
    [InlineData("9lives")]
    [InlineData("café")]
    public void GivenScheduled_WhenCancelWithANonSnakeCaseReason_ThenRejected(string reason)
    {
        var error = Given.Rejects(() => Given.Scheduled().Cancel(null, CancellationParty.Patient, CancellationParty.Patient, reason, Given.Now));

        Given.IsError(error, DomainErrorKind.Invalid, "validation_failed", "reasonCode");
    }

    [Theory]
    [InlineData("a")]
    [InlineData("changed_mind")]
    [InlineData("r2d2_not_home")]
    public void GivenScheduled_WhenCancelWithASnakeCaseReason_ThenCancelled(string reason)
    {
        Assert.Equal(reason, Given.Scheduled().Cancel(null, CancellationParty.Patient, CancellationParty.Patient, reason, Given.Now).ReasonCode);
    }

    [Fact]
    public void GivenScheduled_WhenCancelWithA64CharacterReason_ThenCancelled()
    {
        var reason = new string('a', 64);

        Assert.Equal(reason, Given.Scheduled().Cancel(null, CancellationParty.Patient, CancellationParty.Patient, reason, Given.Now).ReasonCode);
    }

    [Fact]
    public void GivenScheduled_WhenCancelWithA65CharacterReason_ThenRejected()
    {
        var error = Given.Rejects(() => Given.Scheduled().Cancel(null, CancellationParty.Patient, CancellationParty.Patient, new string('a', 65), Given.Now));

        Given.IsError(error, DomainErrorKind.Invalid, "validation_failed", "reasonCode");
    }

    [Fact]
    public void GivenScheduled_WhenCancelWithATooLongNote_ThenRejected()
    {
        var error = Given.Rejects(() => Given.Scheduled().Cancel(new string('n', 2001), CancellationParty.Patient, CancellationParty.Patient, "changed_mind", Given.Now));

        Given.IsError(error, DomainErrorKind.Invalid, "validation_failed", "note");
    }

    [Theory]
    [InlineData(23, CancellationParty.Patient, true)]
    [InlineData(23, CancellationParty.Organisation, true)]
    [InlineData(23, CancellationParty.Provider, false)]
    [InlineData(24, CancellationParty.Patient, false)]
    [InlineData(-1, CancellationParty.Patient, true)]
    public void GivenScheduled_WhenCancelWithNotice_ThenChargeableOnlyUnder24HoursAndNotTheProvidersFault(int hoursNotice, CancellationParty cause, bool chargeable)
    {
        var appointment = Given.Scheduled(Given.Window(start: Given.Now + NodaTime.Duration.FromHours(hoursNotice)));

        var cancelled = appointment.Cancel(null, cause, CancellationParty.Organisation, "changed_mind", Given.Now);

        Assert.Equal(chargeable, cancelled.Chargeable);
        Assert.Equal(chargeable, appointment.Then(cancelled).Cancellation!.Chargeable);
    }

    [Fact]
    public void GivenPatientLed_WhenCancelAtOnce_ThenNotChargeable()
    {
        Assert.False(Given.PatientLed().Cancel(null, CancellationParty.Patient, CancellationParty.Patient, "changed_mind", Given.Now).Chargeable);
    }
}

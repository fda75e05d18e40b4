using Scheduling.Domain.Appointments;
using Scheduling.Domain.Common;

namespace Scheduling.Domain.Tests.Appointments;

public sealed partial class AppointmentTests
{
    [Fact]
    public void GivenScheduled_WhenComplete_ThenAppointmentCompleted()
    {
        var appointment = Given.Scheduled();

        var completed = appointment.Complete(Given.Now);

        Assert.Equal(new AppointmentCompleted(Given.AppointmentId, Given.Now), completed);
        Assert.Equal(AppointmentStatus.Completed, appointment.Then(completed).Status);
    }

    [Fact]
    public void GivenPatientLed_WhenComplete_ThenInvalidStatus()
    {
        Given.IsError(Given.Rejects(() => Given.PatientLed().Complete(Given.Now)), DomainErrorKind.Conflict, "invalid_status");
    }

    [Fact]
    public void GivenCompleted_WhenComplete_ThenInvalidStatus()
    {
        var appointment = Given.ScheduledThenCompleted();

        Given.IsError(Given.Rejects(() => appointment.Complete(Given.Now)), DomainErrorKind.Conflict, "invalid_status");
    }

    [Fact]
    public void GivenCancelled_WhenComplete_ThenInvalidStatus()
    {
        var appointment = Given.ScheduledThenCancelled();

        Given.IsError(Given.Rejects(() => appointment.Complete(Given.Now)), DomainErrorKind.Conflict, "invalid_status");
    }

    [Fact]
    public void GivenScheduled_WhenCompleteWithResults_ThenTheResultsAndNoteAreKeptExactly()
    {
        var results = new Metadata("""{"bp":{"sys":112,"dia":78}}""");

        var completed = Given.Scheduled().Complete(Given.Now, results, "All well");

        Assert.Equal(new AppointmentCompleted(Given.AppointmentId, Given.Now, results, "All well"), completed);
        var state = Given.Scheduled().Then(completed);
        Assert.Equal((results.Json, "All well"), (state.Data!.Json, state.Note));
    }
}

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

        Assert.Equal(new AppointmentCompleted("apt_0193a", Given.Now), completed);
        Assert.Equal(AppointmentStatus.Completed, appointment.Apply(completed).Status);
    }

    [Fact]
    public void GivenPatientLed_WhenComplete_ThenInvalidStatus()
    {
        var error = Given.Rejects(() => Given.PatientLed().Complete(Given.Now));
        Assert.Equal((DomainErrorKind.Conflict, "invalid_status"), (error.Kind, error.Code));
    }

    [Fact]
    public void GivenCompleted_WhenComplete_ThenInvalidStatus()
    {
        var appointment = Given.Scheduled();
        appointment = appointment.Apply(appointment.Complete(Given.Now));
        Assert.Equal("invalid_status", Given.Rejects(() => appointment.Complete(Given.Now)).Code);
    }
}

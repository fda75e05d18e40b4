using NodaTime;
using NSubstitute;
using Scheduling.Application.Appointments;
using Scheduling.Application.Appointments.Cancel;
using Scheduling.Application.Appointments.Complete;
using Scheduling.Application.Appointments.GetById;
using Scheduling.Application.Appointments.Schedule;
using Scheduling.Application.Availability;
using Scheduling.Application.Common.Exceptions;
using Scheduling.Application.Common.Persistence;
using Scheduling.Domain.Appointments;
using Scheduling.Domain.Availability;
using Scheduling.Domain.Common;

namespace Scheduling.Application.Tests.Appointments.Lifecycle;

public sealed class LifecycleHandlerTests
{
    private readonly IAppointmentEvents appointments = Substitute.For<IAppointmentEvents>();
    private readonly IWindowBookings windows = Substitute.For<IWindowBookings>();
    private readonly IAppointmentReadModels readModels = Substitute.For<IAppointmentReadModels>();
    private readonly IUnitOfWork unitOfWork = Substitute.For<IUnitOfWork>();

    private static readonly AvailabilityWindow Window = AvailabilityWindow.Create(new AvailabilityWindowOpened(
        "win_1", "tsk_bloodtest", TestOrganisation.Now + Duration.FromDays(1), TestOrganisation.Now + Duration.FromDays(1) + Duration.FromHours(1), 2, TestOrganisation.Now));

    private void GivenStream(AppointmentStatus status, string? windowId = null, long version = 1) =>
        appointments.Load("apt_1", Arg.Any<CancellationToken>()).Returns(new AppointmentStream(
            new Appointment("apt_1", "tsk_bloodtest", status, AppointmentType.Standard, null, windowId), version));

    [Fact]
    public async Task Schedule_AppendsAtTheVersionReadAndBooksTheWindowInTheSameCommit()
    {
        GivenStream(AppointmentStatus.Scheduling, version: 1);
        windows.HoldForBooking("win_1", Arg.Any<CancellationToken>()).Returns(Window);
        var handler = new ScheduleAppointmentHandler(TestOrganisation.Tenant(), appointments, windows, readModels, unitOfWork, TestOrganisation.Clock());

        await Assert.ThrowsAsync<NotFoundException>(() => handler.Handle(new ScheduleAppointment("apt_1", "win_1"), CancellationToken.None)); // read model stubbed empty

        appointments.Received(1).Append("apt_1", 1, Arg.Is<IReadOnlyList<object>>(e => e.Single() is AppointmentScheduled));
        windows.Received(1).Record("win_1", Arg.Is<WindowPlaceBooked>(b => b.AppointmentId == "apt_1"));
        await unitOfWork.Received(1).Commit(Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Schedule_UnknownAppointment_Is404()
    {
        var handler = new ScheduleAppointmentHandler(TestOrganisation.Tenant(), appointments, windows, readModels, unitOfWork, TestOrganisation.Clock());
        await Assert.ThrowsAsync<NotFoundException>(() => handler.Handle(new ScheduleAppointment("apt_1", "win_1"), CancellationToken.None));
        await windows.DidNotReceiveWithAnyArgs().HoldForBooking(default!, default);
    }

    [Fact]
    public async Task Cancel_AScheduledAppointment_ReleasesItsWindowPlace()
    {
        GivenStream(AppointmentStatus.Scheduled, "win_1", version: 2);
        windows.HoldForBooking("win_1", Arg.Any<CancellationToken>()).Returns(Window with { BookedAppointmentIds = ["apt_1"] });
        readModels.Find("apt_1", Arg.Any<CancellationToken>()).Returns((AppointmentDetails?)null);
        var handler = new CancelAppointmentHandler(appointments, windows, readModels, unitOfWork, TestOrganisation.Clock());

        await Assert.ThrowsAsync<NotFoundException>(() => handler.Handle(new CancelAppointment("apt_1", null, "patient", "organisation", "unwell"), CancellationToken.None));

        appointments.Received(1).Append("apt_1", 2, Arg.Is<IReadOnlyList<object>>(e => ((AppointmentCancelled)e.Single()).ReleasedWindowId == "win_1"));
        windows.Received(1).Record("win_1", Arg.Is<WindowPlaceReleased>(r => r.AppointmentId == "apt_1"));
        await unitOfWork.Received(1).Commit(Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Cancel_APatientLedAppointment_TouchesNoWindow()
    {
        GivenStream(AppointmentStatus.Scheduling);
        var handler = new CancelAppointmentHandler(appointments, windows, readModels, unitOfWork, TestOrganisation.Clock());

        await Assert.ThrowsAsync<NotFoundException>(() => handler.Handle(new CancelAppointment("apt_1", null, "patient", "patient", "changed_mind"), CancellationToken.None));

        await windows.DidNotReceiveWithAnyArgs().HoldForBooking(default!, default);
        await unitOfWork.Received(1).Commit(Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Cancel_Twice_IsAlreadyCancelledAndCommitsNothing()
    {
        GivenStream(AppointmentStatus.Cancelled);
        var handler = new CancelAppointmentHandler(appointments, windows, readModels, unitOfWork, TestOrganisation.Clock());

        var error = await Assert.ThrowsAsync<DomainException>(() => handler.Handle(new CancelAppointment("apt_1", null, "patient", "patient", "again"), CancellationToken.None));

        Assert.Equal("already_cancelled", error.Code);
        await unitOfWork.DidNotReceiveWithAnyArgs().Commit(default);
    }

    [Fact]
    public async Task Complete_FromScheduling_IsInvalidStatus()
    {
        GivenStream(AppointmentStatus.Scheduling);
        var handler = new CompleteAppointmentHandler(appointments, readModels, unitOfWork, TestOrganisation.Clock());

        var error = await Assert.ThrowsAsync<DomainException>(() => handler.Handle(new CompleteAppointment("apt_1"), CancellationToken.None));

        Assert.Equal("invalid_status", error.Code);
        appointments.DidNotReceiveWithAnyArgs().Append(default!, default, default!);
    }

    [Fact]
    public void CancelValidator_RequiresKnownPartiesAndASnakeCaseReason()
    {
        var validator = new CancelAppointmentValidator();
        Assert.True(validator.Validate(new CancelAppointment("apt_1", null, "patient", "provider", "no_show")).IsValid);
        var result = validator.Validate(new CancelAppointment("apt_1", new string('n', 2001), "clinic", null, "No Show"));
        Assert.Equal(["CancellingEntity", "CausingEntity", "Note", "ReasonCode"], result.Errors.Select(e => e.PropertyName).Distinct().Order());
    }
}

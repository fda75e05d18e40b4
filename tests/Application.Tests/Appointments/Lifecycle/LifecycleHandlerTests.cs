using NodaTime;
using NSubstitute;
using Scheduling.Application.Appointments;
using Scheduling.Application.Appointments.Cancel;
using Scheduling.Application.Appointments.Complete;
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
    private readonly IAppointmentStreams appointments = Substitute.For<IAppointmentStreams>();
    private readonly IWindowBookings windows = Substitute.For<IWindowBookings>();
    private readonly IUnitOfWork unitOfWork = Substitute.For<IUnitOfWork>();

    private static readonly AvailabilityWindow Window = AvailabilityWindow.Create(new AvailabilityWindowOpened(
        "win_1", "tsk_bloodtest", TestOrganisation.Now + Duration.FromDays(1), TestOrganisation.Now + Duration.FromDays(1) + Duration.FromHours(1), 2, TestOrganisation.Now));

    private IWriteStream<Appointment> GivenStream(AppointmentStatus status, string? windowId = null, long version = 1)
    {
        var created = new AppointmentCreated(
            "apt_1", "org_demo", "p_1", "tsk_bloodtest", AppointmentType.Standard, SchedulingMode.PatientLed, null, null, "+447911123456",
            Address.Create("1 High Street", null, null, "London", null, "SW1A 1AA", null), null, null, [], null, TestOrganisation.Now);
        var state = Appointment.Fold(null, 0, [created]) with
        {
            Status = status,
            Window = windowId is null ? null : new WindowReference(windowId, Window.Start, Window.End),
            Version = version,
        };
        var stream = Streams.At(state, version);
        appointments.Load("apt_1", Arg.Any<CancellationToken>()).Returns(stream);
        return stream;
    }

    [Fact]
    public async Task Schedule_AppendsOnTheStreamReadAndBooksTheWindowInTheSameCommit()
    {
        var stream = GivenStream(AppointmentStatus.Scheduling, version: 1);
        var window = Streams.At(Window);
        windows.HoldForBooking("win_1", Arg.Any<CancellationToken>()).Returns(window);
        var handler = new ScheduleAppointmentHandler(TestOrganisation.Tenant(), appointments, windows, unitOfWork, TestOrganisation.Clock());

        var result = await handler.Handle(new ScheduleAppointment("apt_1", "win_1"), CancellationToken.None);

        stream.Received(1).Append(Arg.Is<IReadOnlyList<object>>(e => e.Single() is AppointmentScheduled));
        window.Received(1).Append(Arg.Is<IReadOnlyList<object>>(e => ((WindowPlaceBooked)e.Single()).AppointmentId == "apt_1"));
        await unitOfWork.Received(1).Commit(Arg.Any<CancellationToken>());
        Assert.Equal((AppointmentStatus.Scheduled, "win_1", 2L), (result.Status, result.Window!.Id, result.Version));
    }

    [Fact]
    public async Task Schedule_UnknownAppointment_Is404()
    {
        appointments.Load("apt_1", Arg.Any<CancellationToken>()).Returns((IWriteStream<Appointment>?)null);
        var handler = new ScheduleAppointmentHandler(TestOrganisation.Tenant(), appointments, windows, unitOfWork, TestOrganisation.Clock());
        await Assert.ThrowsAsync<NotFoundException>(() => handler.Handle(new ScheduleAppointment("apt_1", "win_1"), CancellationToken.None));
        await windows.DidNotReceiveWithAnyArgs().HoldForBooking(default!, default);
    }

    [Fact]
    public async Task Cancel_AScheduledAppointment_ReleasesItsWindowPlace()
    {
        var stream = GivenStream(AppointmentStatus.Scheduled, "win_1", version: 2);
        var window = Streams.At(Window with { BookedAppointmentIds = ["apt_1"] });
        windows.HoldForBooking("win_1", Arg.Any<CancellationToken>()).Returns(window);
        var handler = new CancelAppointmentHandler(appointments, windows, unitOfWork, TestOrganisation.Clock());

        var result = await handler.Handle(
            new CancelAppointment("apt_1", null, CancellationParty.Patient, CancellationParty.Organisation, "unwell"), CancellationToken.None);

        stream.Received(1).Append(Arg.Is<IReadOnlyList<object>>(e => ((AppointmentCancelled)e.Single()).ReleasedWindowId == "win_1"));
        window.Received(1).Append(Arg.Is<IReadOnlyList<object>>(e => ((WindowPlaceReleased)e.Single()).AppointmentId == "apt_1"));
        await unitOfWork.Received(1).Commit(Arg.Any<CancellationToken>());
        Assert.Equal((AppointmentStatus.Cancelled, 3L), (result.Status, result.Version));
    }

    [Fact]
    public async Task Cancel_APatientLedAppointment_TouchesNoWindow()
    {
        GivenStream(AppointmentStatus.Scheduling);
        var handler = new CancelAppointmentHandler(appointments, windows, unitOfWork, TestOrganisation.Clock());

        await handler.Handle(new CancelAppointment("apt_1", null, CancellationParty.Patient, CancellationParty.Patient, "changed_mind"), CancellationToken.None);

        await windows.DidNotReceiveWithAnyArgs().HoldForBooking(default!, default);
        await unitOfWork.Received(1).Commit(Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Cancel_Twice_IsAlreadyCancelledAndCommitsNothing()
    {
        GivenStream(AppointmentStatus.Cancelled);
        var handler = new CancelAppointmentHandler(appointments, windows, unitOfWork, TestOrganisation.Clock());

        var error = await Assert.ThrowsAsync<DomainException>(() =>
            handler.Handle(new CancelAppointment("apt_1", null, CancellationParty.Patient, CancellationParty.Patient, "again"), CancellationToken.None));

        Assert.Equal("already_cancelled", error.Code);
        await unitOfWork.DidNotReceiveWithAnyArgs().Commit(default);
    }

    [Fact]
    public async Task Complete_FromScheduling_IsInvalidStatus()
    {
        var stream = GivenStream(AppointmentStatus.Scheduling);
        var handler = new CompleteAppointmentHandler(appointments, unitOfWork, TestOrganisation.Clock());

        var error = await Assert.ThrowsAsync<DomainException>(() => handler.Handle(new CompleteAppointment("apt_1"), CancellationToken.None));

        Assert.Equal("invalid_status", error.Code);
        stream.DidNotReceiveWithAnyArgs().Append(default!);
    }

    [Fact]
    public void CancelValidator_RequiresASnakeCaseReasonAndAShortNote()
    {
        var validator = new CancelAppointmentValidator();
        Assert.True(validator.Validate(new CancelAppointment("apt_1", null, CancellationParty.Patient, CancellationParty.Provider, "no_show")).IsValid);
        var result = validator.Validate(new CancelAppointment("apt_1", new string('n', 2001), CancellationParty.Patient, CancellationParty.Patient, "No Show"));
        Assert.Equal(["note", "reasonCode"], result.Errors.Select(e => e.PropertyName).Distinct().Order());
    }
}

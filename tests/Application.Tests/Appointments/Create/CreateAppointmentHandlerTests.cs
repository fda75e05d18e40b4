using System.Text.Json;
using NodaTime;
using NSubstitute;
using Scheduling.Application.Appointments;
using Scheduling.Application.Appointments.Create;
using Scheduling.Application.Availability;
using Scheduling.Application.Common.Persistence;
using Scheduling.Application.Common.Validation;
using Scheduling.Application.Patients;
using Scheduling.Domain.Appointments;
using Scheduling.Domain.Availability;
using Scheduling.Domain.Common;

namespace Scheduling.Application.Tests.Appointments.Create;

public sealed class CreateAppointmentHandlerTests
{
    private readonly IPatients patients = Substitute.For<IPatients>();
    private readonly IWindowBookings windows = Substitute.For<IWindowBookings>();
    private readonly IAppointmentStreams appointments = Substitute.For<IAppointmentStreams>();
    private readonly IUnitOfWork unitOfWork = Substitute.For<IUnitOfWork>();
    private readonly CreateAppointmentHandler handler;

    public CreateAppointmentHandlerTests()
    {
        patients.Exists("p_1", Arg.Any<CancellationToken>()).Returns(true);
        handler = new CreateAppointmentHandler(TestOrganisation.Tenant(), patients, windows, appointments, unitOfWork, TestOrganisation.Clock());
    }

    internal static CreateAppointment Command(string taskId = "tsk_bloodtest", string? windowId = null, string? metadata = null) => new(
        "p_1",
        taskId,
        windowId,
        "crm-1",
        null,
        "+447911123456",
        new AddressInput("1 High Street", null, null, "London", null, "sw1a1aa", null),
        [],
        null,
        null,
        metadata is null ? null : JsonDocument.Parse(metadata).RootElement.Clone());

    private static IWriteStream<AvailabilityWindow> Held(AvailabilityWindow window) => Streams.At(window);

    private static AvailabilityWindow Window(string taskId = "tsk_bloodtest", int capacity = 3, int booked = 0) =>
        AvailabilityWindow.Create(new AvailabilityWindowOpened("win_1", taskId, TestOrganisation.Now + Duration.FromDays(2), TestOrganisation.Now + Duration.FromDays(2) + Duration.FromHours(1), capacity, TestOrganisation.Now))
            with { BookedAppointmentIds = [.. Enumerable.Range(0, booked).Select(i => $"apt_{i}")] };

    [Fact]
    public async Task Handle_PatientLed_StartsOneStreamAndCommitsOnce()
    {
        var result = await handler.Handle(Command(), CancellationToken.None);

        appointments.Received(1).Start(result.Id, Arg.Is<IReadOnlyList<object>>(e => e.Count == 1 && e[0] is AppointmentCreated));
        await windows.DidNotReceiveWithAnyArgs().HoldForBooking(default!, default);
        // The patient is checked in the commit's batch, not by a query of its own.
        patients.Received(1).RequireAtCommit("p_1");
        await patients.DidNotReceiveWithAnyArgs().Exists(default!, default);
        await unitOfWork.Received(1).Commit(Arg.Any<CancellationToken>());
        Assert.Equal(AppointmentStatus.Scheduling, result.Status);
        Assert.Equal(SchedulingMode.PatientLed, result.SchedulingMode);
        Assert.Equal("SW1A 1AA", result.Location.Postcode);
        Assert.Equal(TestOrganisation.Now, result.CreatedAt);
        Assert.StartsWith("apt_", result.Id, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Handle_WithWindow_BooksThePlaceAndStartsTheStreamInOneCommit()
    {
        var window = Held(Window());
        windows.HoldForBooking("win_1", Arg.Any<CancellationToken>()).Returns(window);

        var result = await handler.Handle(Command(windowId: "win_1"), CancellationToken.None);

        appointments.Received(1).Start(result.Id, Arg.Is<IReadOnlyList<object>>(e => e.Count == 2 && e[1] is AppointmentScheduled));
        window.Received(1).Append(Arg.Is<IReadOnlyList<object>>(e => e.Single() is WindowPlaceBooked && ((WindowPlaceBooked)e[0]).AppointmentId == result.Id));
        await unitOfWork.Received(1).Commit(Arg.Any<CancellationToken>());
        Assert.Equal(AppointmentStatus.Scheduled, result.Status);
        Assert.Equal("win_1", result.Window!.Id);
        Assert.Equal(2, result.Version);
    }

    [Fact]
    public async Task Handle_UnknownTask_IsTaskNotFoundAndStoresNothing()
    {
        var error = await Assert.ThrowsAsync<DomainException>(() => handler.Handle(Command(taskId: "tsk_other"), CancellationToken.None));

        Assert.Equal("task_not_found", error.Code);
        appointments.DidNotReceiveWithAnyArgs().Start(default!, default!);
        await unitOfWork.DidNotReceiveWithAnyArgs().Commit(default);
    }

    [Fact]
    public async Task Handle_PatientNotInTenant_IsPatientNotFoundFromTheCommit()
    {
        unitOfWork.Commit(Arg.Any<CancellationToken>()).Returns(Task.FromException(PatientNotFound.For("p_1")));

        var error = await Assert.ThrowsAsync<DomainException>(() => handler.Handle(Command(), CancellationToken.None));

        Assert.Equal((DomainErrorKind.Unprocessable, "patient_not_found"), (error.Kind, error.Code));
        patients.Received(1).RequireAtCommit("p_1");
    }

    [Fact]
    public async Task Handle_PatientNotInTenantAndMissingWindow_ReportsThePatientFirst()
    {
        patients.Exists("p_1", Arg.Any<CancellationToken>()).Returns(false);
        windows.HoldForBooking("win_1", Arg.Any<CancellationToken>()).Returns((IWriteStream<AvailabilityWindow>?)null);

        var error = await Assert.ThrowsAsync<DomainException>(() => handler.Handle(Command(windowId: "win_1"), CancellationToken.None));

        Assert.Equal((DomainErrorKind.Unprocessable, "patient_not_found"), (error.Kind, error.Code));
        await unitOfWork.DidNotReceiveWithAnyArgs().Commit(default);
    }

    [Fact]
    public async Task Handle_PatientNotInTenantAndFullWindow_ReportsThePatientFirst()
    {
        patients.Exists("p_1", Arg.Any<CancellationToken>()).Returns(false);
        var full = Held(Window(capacity: 1, booked: 1));
        windows.HoldForBooking("win_1", Arg.Any<CancellationToken>()).Returns(full);

        var error = await Assert.ThrowsAsync<DomainException>(() => handler.Handle(Command(windowId: "win_1"), CancellationToken.None));

        Assert.Equal("patient_not_found", error.Code);
        appointments.DidNotReceiveWithAnyArgs().Start(default!, default!);
        await unitOfWork.DidNotReceiveWithAnyArgs().Commit(default);
    }

    [Fact]
    public async Task Handle_MissingWindow_IsWindowNotFound()
    {
        windows.HoldForBooking("win_1", Arg.Any<CancellationToken>()).Returns((IWriteStream<AvailabilityWindow>?)null);

        var error = await Assert.ThrowsAsync<DomainException>(() => handler.Handle(Command(windowId: "win_1"), CancellationToken.None));

        Assert.Equal("window_not_found", error.Code);
    }

    [Fact]
    public async Task Handle_FullWindow_IsWindowFullAndNothingIsCommitted()
    {
        var window = Held(Window(capacity: 1, booked: 1));
        windows.HoldForBooking("win_1", Arg.Any<CancellationToken>()).Returns(window);

        var error = await Assert.ThrowsAsync<DomainException>(() => handler.Handle(Command(windowId: "win_1"), CancellationToken.None));

        Assert.Equal((DomainErrorKind.Conflict, "window_full"), (error.Kind, error.Code));
        appointments.DidNotReceiveWithAnyArgs().Start(default!, default!);
        window.DidNotReceiveWithAnyArgs().Append(default!);
        await unitOfWork.DidNotReceiveWithAnyArgs().Commit(default);
    }

    [Fact]
    public async Task Handle_Metadata_KeepsTheClientsExactText()
    {
        const string metadata = """{"z":1, "a":[1,2.50]}""";

        var result = await handler.Handle(Command(metadata: metadata), CancellationToken.None);

        Assert.Equal(metadata, result.Metadata!.Json);
    }
}

using NodaTime;
using NSubstitute;
using Scheduling.Application.Availability;
using Scheduling.Application.Availability.ListAvailable;
using Scheduling.Application.Availability.OpenWindow;
using Scheduling.Application.Common.Persistence;
using Scheduling.Domain.Availability;
using Scheduling.Domain.Common;

namespace Scheduling.Application.Tests.Availability;

public sealed class AvailabilityHandlerTests
{
    [Fact]
    public async Task List_TurnsLocalDatesIntoInstantsInTheOrganisationsZone()
    {
        var queries = Substitute.For<IAvailabilityQueries>();
        var handler = new ListAvailableWindowsHandler(TestOrganisation.Tenant(), queries, TestOrganisation.Clock());

        await handler.Handle(new ListAvailableWindows("tsk_bloodtest", "2026-07-01", "2026-07-02"), CancellationToken.None);

        await queries.Received(1).ListBookable(
            "tsk_bloodtest", Instant.FromUtc(2026, 6, 30, 23, 0), Instant.FromUtc(2026, 7, 2, 23, 0), TestOrganisation.Now, Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task List_UnknownTask_IsTaskNotFound()
    {
        var handler = new ListAvailableWindowsHandler(TestOrganisation.Tenant(), Substitute.For<IAvailabilityQueries>(), TestOrganisation.Clock());
        var error = await Assert.ThrowsAsync<DomainException>(() => handler.Handle(new ListAvailableWindows("tsk_x", "2026-07-01", "2026-07-01"), CancellationToken.None));
        Assert.Equal("task_not_found", error.Code);
    }

    [Theory]
    [InlineData(null, "2026-07-01", "from")]
    [InlineData("2026-07-02", "2026-07-01", "to")]
    [InlineData("2026-01-01", "2026-07-01", "to")]
    public void ListValidator_RejectsBadRanges(string? from, string to, string property)
    {
        var result = new ListAvailableWindowsValidator().Validate(new ListAvailableWindows("tsk_bloodtest", from, to));
        Assert.Contains(property, result.Errors.Select(e => e.PropertyName));
    }

    [Fact]
    public async Task Open_StartsTheWindowStreamAndCommits()
    {
        var windows = Substitute.For<IWindowBookings>();
        var unitOfWork = Substitute.For<IUnitOfWork>();
        var start = TestOrganisation.Now + Duration.FromDays(1);

        var window = await new OpenWindowHandler(TestOrganisation.Tenant(), windows, unitOfWork, TestOrganisation.Clock())
            .Handle(new OpenWindow("tsk_bloodtest", start, start + Duration.FromHours(2), 4), CancellationToken.None);

        windows.Received(1).Open(Arg.Is<AvailabilityWindowOpened>(o => o.WindowId == window.Id && o.Capacity == 4 && o.Start == start));
        await unitOfWork.Received(1).Commit(Arg.Any<CancellationToken>());
        Assert.Equal(4, window.Remaining);
    }

    [Theory]
    [InlineData(-1, 5, "end")]
    [InlineData(13 * 60, 5, "end")]
    [InlineData(60, 0, "capacity")]
    [InlineData(60, 101, "capacity")]
    public void OpenValidator_RejectsBrokenWindows(int minutes, int capacity, string property)
    {
        var start = TestOrganisation.Now;
        var result = new OpenWindowValidator().Validate(new OpenWindow("tsk_bloodtest", start, start + Duration.FromMinutes(minutes), capacity));
        Assert.Contains(property, result.Errors.Select(e => e.PropertyName));
    }
}

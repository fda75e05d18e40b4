using NodaTime;
using Scheduling.Domain.Availability;
using Scheduling.Domain.Common;

namespace Scheduling.Domain.Tests.Availability;

public sealed class AvailabilityWindowTests
{
    private static readonly Instant Start = Given.Now + Duration.FromDays(1);

    [Fact]
    public void GivenValidValues_WhenOpen_ThenWindowOpened()
    {
        var opened = AvailabilityWindow.Open("win_1", "tsk_bloodtest", Start, Start + Duration.FromHours(2), 3, Given.Now);

        Assert.Equal(new AvailabilityWindowOpened("win_1", "tsk_bloodtest", Start, Start + Duration.FromHours(2), 3, Given.Now), opened);
    }

    [Fact]
    public void GivenWindowOpened_WhenCreated_ThenAllPlacesAreFree()
    {
        var window = AvailabilityWindow.Create(AvailabilityWindow.Open("win_1", "tsk_bloodtest", Start, Start + Duration.FromHours(2), 3, Given.Now));

        Assert.Equal((3, 3), (window.Capacity, window.Remaining));
        Assert.Empty(window.BookedAppointmentIds);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(12 * 60, 100)]
    public void GivenTheLimits_WhenOpen_ThenAccepted(int minutes, int capacity)
    {
        var opened = AvailabilityWindow.Open("win_1", "tsk_bloodtest", Start, Start + Duration.FromMinutes(minutes), capacity, Given.Now);

        Assert.Equal(capacity, opened.Capacity);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-60)]
    public void GivenAnEndNotAfterTheStart_WhenOpen_ThenRejected(int minutes)
    {
        var error = Given.Rejects(() => AvailabilityWindow.Open("win_1", "tsk_bloodtest", Start, Start + Duration.FromMinutes(minutes), 1, Given.Now));

        Given.IsError(error, DomainErrorKind.Invalid, "validation_failed", "end");
    }

    [Fact]
    public void GivenAWindowOneTickLongerThan12Hours_WhenOpen_ThenRejected()
    {
        var error = Given.Rejects(() => AvailabilityWindow.Open("win_1", "tsk_bloodtest", Start, Start + Duration.FromHours(12) + Duration.Epsilon, 1, Given.Now));

        Given.IsError(error, DomainErrorKind.Invalid, "validation_failed", "end");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(101)]
    public void GivenACapacityOutside1To100_WhenOpen_ThenRejected(int capacity)
    {
        var error = Given.Rejects(() => AvailabilityWindow.Open("win_1", "tsk_bloodtest", Start, Start + Duration.FromHours(1), capacity, Given.Now));

        Given.IsError(error, DomainErrorKind.Invalid, "validation_failed", "capacity");
    }

    [Theory]
    [InlineData("window_1", "tsk_bloodtest", "id")]
    [InlineData("win_1", "task_bloodtest", "taskId")]
    public void GivenBadIds_WhenOpen_ThenRejected(string windowId, string taskId, string field)
    {
        var error = Given.Rejects(() => AvailabilityWindow.Open(windowId, taskId, Start, Start + Duration.FromHours(1), 1, Given.Now));

        Given.IsError(error, DomainErrorKind.Invalid, "validation_failed", field);
    }

    [Fact]
    public void GivenAFreePlace_WhenBook_ThenPlaceBooked()
    {
        Assert.Equal(new WindowPlaceBooked("win_1", "apt_a", Given.Now), Given.Window().Book("apt_a", Given.Now));
    }

    [Fact]
    public void GivenBookings_WhenApplied_ThenRemainingCountsDown()
    {
        var window = Given.Window(capacity: 3);

        window = window.Apply(window.Book("apt_a", Given.Now));
        Assert.Equal(2, window.Remaining);
        window = window.Apply(window.Book("apt_b", Given.Now));
        Assert.Equal(1, window.Remaining);

        Assert.Equal(["apt_a", "apt_b"], window.BookedAppointmentIds);
    }

    [Fact]
    public void GivenAFullWindow_WhenBook_ThenWindowFullConflict()
    {
        var window = Given.Window(capacity: 2);
        window = window.Apply(window.Book("apt_a", Given.Now));
        window = window.Apply(window.Book("apt_b", Given.Now));

        Assert.Equal(0, window.Remaining);
        Given.IsError(Given.Rejects(() => window.Book("apt_c", Given.Now)), DomainErrorKind.Conflict, "window_full");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void GivenAWindowStartingNowOrEarlier_WhenBook_ThenWindowInPast(int minutesFromNow)
    {
        var window = Given.Window(start: Given.Now + Duration.FromMinutes(minutesFromNow));

        Given.IsError(Given.Rejects(() => window.Book("apt_a", Given.Now)), DomainErrorKind.Unprocessable, "window_in_past");
    }

    [Fact]
    public void GivenABookedPlace_WhenRelease_ThenPlaceReleasedAndRemainingGrows()
    {
        var window = Given.Window(capacity: 2, booked: 2);

        var released = window.Release("apt_other0", Given.Now);

        Assert.Equal(new WindowPlaceReleased("win_1", "apt_other0", Given.Now), released);
        window = window.Apply(released!);
        Assert.Equal(1, window.Remaining);
        Assert.Equal(["apt_other1"], window.BookedAppointmentIds);
        Assert.Equal(new WindowPlaceBooked("win_1", "apt_c", Given.Now), window.Book("apt_c", Given.Now));
    }

    [Fact]
    public void GivenAnAppointmentWithoutAPlace_WhenRelease_ThenNull()
    {
        Assert.Null(Given.Window(booked: 1).Release("apt_never_booked", Given.Now));
    }

    [Fact]
    public void GivenAReleasedPlace_WhenReleaseAgain_ThenNull()
    {
        var window = Given.Window(booked: 1);
        window = window.Apply(window.Release("apt_other0", Given.Now)!);

        Assert.Null(window.Release("apt_other0", Given.Now));
    }
}

using NodaTime;
using Scheduling.Domain.Availability;
using Scheduling.Domain.Common;

namespace Scheduling.Domain.Tests.Availability;

public sealed class AvailabilityWindowTests
{
    private static readonly Instant Start = Given.Now + Duration.FromDays(1);

    [Fact]
    public void GivenValidTimes_WhenOpen_ThenWindowOpenedWithAllItsPlacesFree()
    {
        var opened = AvailabilityWindow.Open("win_1", "tsk_bloodtest", Start, Start + Duration.FromHours(12), 100, Given.Now);

        var window = AvailabilityWindow.Create(opened);

        Assert.Equal((100, 100), (window.Capacity, window.Remaining));
    }

    [Theory]
    [InlineData(0, 5, "end")]
    [InlineData(-60, 5, "end")]
    [InlineData(12 * 60 + 1, 5, "end")]
    [InlineData(60, 0, "capacity")]
    [InlineData(60, 101, "capacity")]
    public void GivenBrokenValues_WhenOpen_ThenRejected(int minutes, int capacity, string field)
    {
        var error = Given.Rejects(() => AvailabilityWindow.Open("win_1", "tsk_bloodtest", Start, Start + Duration.FromMinutes(minutes), capacity, Given.Now));
        Assert.Equal(field, error.Field);
    }

    [Fact]
    public void GivenBookingsAndReleases_WhenApplied_ThenRemainingFollows()
    {
        var window = Given.Window(capacity: 2);

        window = window.Apply(window.Book("apt_a", Given.Now));
        window = window.Apply(window.Book("apt_b", Given.Now));
        Assert.Equal(0, window.Remaining);
        Assert.Equal("window_full", Given.Rejects(() => window.Book("apt_c", Given.Now)).Code);

        window = window.Apply(window.Release("apt_a", Given.Now)!);
        Assert.Equal(1, window.Remaining);
        Assert.Equal(["apt_b"], window.BookedAppointmentIds);
    }

    [Fact]
    public void GivenAnAppointmentWithoutAPlace_WhenRelease_ThenNothingToRelease()
    {
        Assert.Null(Given.Window().Release("apt_never_booked", Given.Now));
    }

    [Fact]
    public void GivenAStartedWindow_WhenBook_ThenWindowInPast()
    {
        var window = Given.Window(start: Given.Now);
        var error = Given.Rejects(() => window.Book("apt_a", Given.Now));
        Assert.Equal((DomainErrorKind.Unprocessable, "window_in_past"), (error.Kind, error.Code));
    }
}

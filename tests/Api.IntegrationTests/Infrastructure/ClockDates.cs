using NodaTime;
using NodaTime.Text;

namespace Scheduling.Api.IntegrationTests.Infrastructure;

/// <summary>Instants and dates the tests derive from the service's clock (<see cref="ApiFixture.Clock"/>), never from the wall clock.</summary>
public static class ClockDates
{
    /// <summary>The demo organisations' zone (the development configuration's <c>org_demo</c>).</summary>
    public static readonly DateTimeZone London = DateTimeZoneProviders.Tzdb["Europe/London"];

    /// <summary>The clock's current instant moved by <paramref name="offset"/> (negative for the past).</summary>
    public static Instant FromNow(this IClock clock, Duration offset) => clock.GetCurrentInstant() + offset;

    /// <summary><paramref name="days"/> after the clock's UTC date, at <paramref name="hour"/>:00 UTC.</summary>
    public static Instant InDays(this IClock clock, int days, int hour = 10) =>
        clock.GetCurrentInstant().InUtc().Date.PlusDays(days).At(new LocalTime(hour, 0)).InUtc().ToInstant();

    /// <summary><paramref name="days"/> after the clock's date in London, as the API writes dates (yyyy-MM-dd).</summary>
    public static string LondonDate(this IClock clock, int days) =>
        LocalDatePattern.Iso.Format(clock.GetCurrentInstant().InZone(London).Date.PlusDays(days));

    /// <summary>The UTC date of <paramref name="instant"/> (yyyy-MM-dd), as the availability query's from/to.</summary>
    public static string Day(Instant instant) => LocalDatePattern.Iso.Format(instant.InUtc().Date);

    /// <summary>An instant to whole seconds with a 'Z' (yyyy-MM-ddTHH:mm:ssZ), as request bodies and filters carry it.</summary>
    public static string Text(Instant instant) => InstantPattern.General.Format(instant);
}

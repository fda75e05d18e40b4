using System.Globalization;
using NodaTime;
using NodaTime.Text;
using Scheduling.Domain.Availability;

namespace Scheduling.Api.BookingPage;

/// <summary>The hidden antiforgery field every booking form carries.</summary>
public sealed record AntiforgeryField(string FieldName, string Value);

public sealed record SlotChoice(string WindowId, string Times);

public sealed record DayChoices(string Label, IReadOnlyList<SlotChoice> Slots);

public sealed record ChooseModel(
    string Token, string? OrganisationName, string? TaskName, string? PatientFirstName, IReadOnlyList<DayChoices> Days, string? Message, AntiforgeryField Antiforgery);

public sealed record ConfirmModel(string Token, string? OrganisationName, string? TaskName, string WindowId, string Time, AntiforgeryField Antiforgery);

/// <summary>British English dates and times in the organisation's zone: "Tuesday 7 January", "09:00–11:00".</summary>
public static class BookingTexts
{
    private static readonly LocalDatePattern Day = LocalDatePattern.Create("dddd d MMMM", CultureInfo.InvariantCulture);
    private static readonly LocalTimePattern Clock = LocalTimePattern.Create("HH:mm", CultureInfo.InvariantCulture);

    public static string DayOf(Instant start, DateTimeZone zone) => Day.Format(start.InZone(zone).Date);

    public static string Times(Instant start, Instant end, DateTimeZone zone) =>
        $"{Clock.Format(start.InZone(zone).TimeOfDay)}–{Clock.Format(end.InZone(zone).TimeOfDay)}";

    /// <summary>"Tuesday 7 January, 09:00–11:00".</summary>
    public static string Window(Instant start, Instant end, DateTimeZone zone) => $"{DayOf(start, zone)}, {Times(start, end, zone)}";

    /// <summary>The windows (already in start order) grouped by their local day.</summary>
    public static IReadOnlyList<DayChoices> ByDay(IEnumerable<AvailabilityWindow> windows, DateTimeZone zone) =>
        [.. windows
            .GroupBy(w => w.Start.InZone(zone).Date)
            .Select(day => new DayChoices(Day.Format(day.Key), [.. day.Select(w => new SlotChoice(w.Id, Times(w.Start, w.End, zone)))]))];
}

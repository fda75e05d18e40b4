using NodaTime;
using Scheduling.Domain.Common;

namespace Scheduling.Domain.Availability;

public sealed record AvailabilityWindowOpened(string WindowId, string TaskId, Instant Start, Instant End, int Capacity, Instant OpenedAt);

public sealed record WindowPlaceBooked(string WindowId, string AppointmentId, Instant BookedAt);

public sealed record WindowPlaceReleased(string WindowId, string AppointmentId, Instant ReleasedAt);

/// <summary>
/// A period in which a practitioner can visit, for one task. Capacity is an invariant of this stream:
/// every booking is an event appended at the stream's expected version, so two bookings can never both
/// take the last place.
/// </summary>
public sealed record AvailabilityWindow(
    string Id,
    string TaskId,
    Instant Start,
    Instant End,
    int Capacity,
    IReadOnlyList<string> BookedAppointmentIds)
{
    public const int MinCapacity = 1;
    public const int MaxCapacity = 100;
    public static readonly Duration MaxLength = Duration.FromHours(12);

    public int Remaining => Capacity - BookedAppointmentIds.Count;

    /// <summary>The window's field rules: ends after it starts, lasts at most 12 hours, capacity 1–100.</summary>
    public static IEnumerable<RuleViolation> Check(Instant start, Instant end, int capacity)
    {
        if (end <= start)
        {
            yield return RuleViolation.Invalid("end", "'end' must be after 'start'.");
        }
        else if (end - start > MaxLength)
        {
            yield return RuleViolation.Invalid("end", "A window can last at most 12 hours ('end' - 'start').");
        }

        if (capacity is < MinCapacity or > MaxCapacity)
        {
            yield return RuleViolation.Invalid("capacity", $"'capacity' must be between {MinCapacity} and {MaxCapacity}.");
        }
    }

    public static AvailabilityWindowOpened Open(string windowId, string taskId, Instant start, Instant end, int capacity, Instant now)
    {
        FieldRules.Enforce([EntityId.Check(windowId, IdPrefix.Window, "id"), EntityId.Check(taskId, IdPrefix.Task, "taskId"), .. Check(start, end, capacity)]);
        return new AvailabilityWindowOpened(windowId, taskId, start, end, capacity, now);
    }

    public static AvailabilityWindow Create(AvailabilityWindowOpened opened) =>
        new(opened.WindowId, opened.TaskId, opened.Start, opened.End, opened.Capacity, []);

    /// <summary>Takes a place for an appointment: the window must start in the future and have room.</summary>
    public WindowPlaceBooked Book(string appointmentId, Instant now)
    {
        if (Start <= now)
        {
            throw DomainException.Unprocessable("window_in_past", $"Window '{Id}' has already started.");
        }

        if (Remaining <= 0)
        {
            throw DomainException.Conflict("window_full", $"Window '{Id}' has no free place.");
        }

        return new WindowPlaceBooked(Id, appointmentId, now);
    }

    /// <summary>Gives an appointment's place back; null when the appointment holds no place here.</summary>
    public WindowPlaceReleased? Release(string appointmentId, Instant now) =>
        BookedAppointmentIds.Contains(appointmentId) ? new WindowPlaceReleased(Id, appointmentId, now) : null;

    public AvailabilityWindow Apply(WindowPlaceBooked booked) =>
        this with { BookedAppointmentIds = [.. BookedAppointmentIds, booked.AppointmentId] };

    public AvailabilityWindow Apply(WindowPlaceReleased released) =>
        this with { BookedAppointmentIds = [.. BookedAppointmentIds.Where(id => id != released.AppointmentId)] };
}

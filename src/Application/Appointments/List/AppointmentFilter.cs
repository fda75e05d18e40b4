using NodaTime;

namespace Scheduling.Application.Appointments.List;

/// <summary>The fields a list filter can name.</summary>
public enum FilterField
{
    ExternalRef,
    Status,
    TaskId,
    PatientId,
    CreatedAt,
    UpdatedAt,
}

/// <summary>A parsed filter: typed, never SQL text. Each kind maps to one parameterised predicate.</summary>
public abstract record AppointmentFilter(FilterField Field);

/// <summary><c>field:"value"</c> on a string or id field.</summary>
public sealed record EqualsFilter(FilterField Field, string Value) : AppointmentFilter(Field);

/// <summary><c>field~"value"</c>: the field contains the value (ordinal, case-sensitive).</summary>
public sealed record ContainsFilter(FilterField Field, string Value) : AppointmentFilter(Field);

/// <summary>A time field within [From, Before); either bound may be open. Every time operator becomes one of these.</summary>
public sealed record TimeRangeFilter(FilterField Field, Instant? From, Instant? Before) : AppointmentFilter(Field);

/// <summary>Keyset position: the last item of the previous page (list order is createdAt desc, then id desc).</summary>
public sealed record ListCursor(Instant CreatedAt, string Id);

public sealed record AppointmentListQuery(IReadOnlyList<AppointmentFilter> Filters, int Limit, ListCursor? After);

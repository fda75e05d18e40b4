using NodaTime;

namespace Scheduling.Application.Common.Listing;

/// <summary>The fields a list filter can name (each list declares its own in a <see cref="FilterSchema"/>).</summary>
public enum FilterField
{
    ExternalRef,
    Status,
    TaskId,
    PatientId,
    CreatedAt,
    UpdatedAt,

    /// <summary>Appointments: the patient's current first or last name.</summary>
    PatientName,

    /// <summary>Patients: first or last name.</summary>
    Name,
    NhsNumber,
}

/// <summary>A parsed filter: typed, never SQL text. Each kind maps to one parameterised predicate.</summary>
public abstract record ListFilter(FilterField Field);

/// <summary><c>field:"value"</c> on a string or id field.</summary>
public sealed record EqualsFilter(FilterField Field, string Value) : ListFilter(Field);

/// <summary><c>field~"value"</c>: the field contains the value literally (case-sensitively unless the field's docs say otherwise).</summary>
public sealed record ContainsFilter(FilterField Field, string Value) : ListFilter(Field);

/// <summary>A time field within [From, Before); either bound may be open. Every time operator becomes one of these.</summary>
public sealed record TimeRangeFilter(FilterField Field, Instant? From, Instant? Before) : ListFilter(Field);

/// <summary>Keyset position: the last item of the previous page (list order is createdAt desc, then id desc).</summary>
public sealed record ListCursor(Instant CreatedAt, string Id);

/// <summary>The operators a field accepts.</summary>
[Flags]
public enum FilterOperators
{
    /// <summary><c>:</c></summary>
    Equals = 1,

    /// <summary><c>~</c></summary>
    Contains = 2,

    /// <summary><c>: &gt; &lt; &gt;= &lt;=</c> on a date or an instant (the field is a time).</summary>
    Time = 4,
}

/// <summary>One filterable field: its operators and, for enumerations, the values it takes.</summary>
public sealed record FilterableField(FilterField Field, FilterOperators Operators, IReadOnlyCollection<string>? Values = null);

/// <summary>The fields a list accepts, by the name clients write (<c>patient.name</c>).</summary>
public sealed class FilterSchema(IReadOnlyDictionary<string, FilterableField> fields)
{
    public IReadOnlyDictionary<string, FilterableField> Fields { get; } = fields;
}

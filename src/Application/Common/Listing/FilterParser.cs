using NodaTime;
using NodaTime.Text;
using Scheduling.Domain.Appointments;
using Scheduling.Domain.Common;

namespace Scheduling.Application.Common.Listing;

/// <summary>
/// Parses the contract's filter grammar — <c>field op "value"</c>, ops <c>: &gt; &lt; &gt;= &lt;= ~</c> — into typed
/// filters. Values are always double-quoted (<c>\"</c> and <c>\\</c> escape inside). Dates (YYYY-MM-DD) are whole
/// days in the organisation's time zone; instants are ISO-8601 UTC. Which fields exist and which operators each
/// takes comes from the list's <see cref="FilterSchema"/>. Any error names the problem.
/// </summary>
public static class FilterParser
{
    public const int MaxLength = 512;

    // Longest first, so ">=" is not read as ">" followed by "=".
    private static readonly string[] Operators = [">=", "<=", ":", ">", "<", "~"];

    /// <summary>The problem with <paramref name="filter"/>, or null with the parsed filter.</summary>
    public static string? TryParse(string filter, FilterSchema schema, DateTimeZone zone, out ListFilter? parsed)
    {
        try
        {
            parsed = Parse(filter, schema, zone);
            return null;
        }
        catch (FilterSyntaxException exception)
        {
            parsed = null;
            return exception.Message;
        }
    }

    public static ListFilter Parse(string filter, FilterSchema schema, DateTimeZone zone)
    {
        if (filter.Length > MaxLength)
        {
            throw new FilterSyntaxException($"A filter can be at most {MaxLength} characters.");
        }

        var fieldEnd = 0;
        while (fieldEnd < filter.Length && (char.IsAsciiLetterOrDigit(filter[fieldEnd]) || filter[fieldEnd] == '.'))
        {
            fieldEnd++;
        }

        var name = filter[..fieldEnd];
        if (name.Length == 0)
        {
            throw new FilterSyntaxException("A filter must start with a field name, as in externalRef:\"abc-123\".");
        }

        if (!schema.Fields.TryGetValue(name, out var field))
        {
            throw new FilterSyntaxException($"Unknown filter field '{Truncate(name)}'; use one of {string.Join(", ", schema.Fields.Keys)}.");
        }

        var rest = filter[fieldEnd..];
        var op = Operators.FirstOrDefault(o => rest.StartsWith(o, StringComparison.Ordinal))
            ?? throw new FilterSyntaxException($"After '{name}' comes an operator (: > < >= <= ~), as in {name}:\"…\".");
        var value = ReadQuoted(rest.AsSpan(op.Length), name);

        if (field.Operators.HasFlag(FilterOperators.Time))
        {
            return TimeFilter(field.Field, name, op, value, zone);
        }

        var accepted = op switch
        {
            ":" => field.Operators.HasFlag(FilterOperators.Equals),
            "~" => field.Operators.HasFlag(FilterOperators.Contains),
            _ => false,
        };
        if (!accepted)
        {
            throw Unsupported(name, op, Describe(field.Operators));
        }

        if (field.Values is { } values && !values.Contains(value))
        {
            throw new FilterSyntaxException($"'{Truncate(value)}' is not a {Truncate(name)}; use one of {string.Join(", ", values)}.");
        }

        return op == ":" ? new EqualsFilter(field.Field, value) : new ContainsFilter(field.Field, value);
    }

    private static string ReadQuoted(ReadOnlySpan<char> text, string name)
    {
        if (text.Length < 2 || text[0] != '"')
        {
            throw new FilterSyntaxException($"The value for '{name}' must be in double quotes, as in {name}:\"value\".");
        }

        var value = new System.Text.StringBuilder();
        for (var i = 1; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\\')
            {
                if (i + 1 >= text.Length || text[i + 1] is not ('"' or '\\'))
                {
                    throw new FilterSyntaxException("Inside a quoted value only \\\" and \\\\ are escapes.");
                }

                value.Append(text[++i]);
            }
            else if (c == '"')
            {
                if (i != text.Length - 1)
                {
                    throw new FilterSyntaxException($"Unexpected text after the closing quote of the '{name}' value.");
                }

                return value.ToString();
            }
            else if (char.IsControl(c))
            {
                throw new FilterSyntaxException("A filter value cannot contain control characters.");
            }
            else
            {
                value.Append(c);
            }
        }

        throw new FilterSyntaxException($"The value for '{name}' has no closing double quote.");
    }

    private static TimeRangeFilter TimeFilter(FilterField field, string name, string op, string value, DateTimeZone zone)
    {
        if (op == "~")
        {
            throw Unsupported(name, op, ": > < >= <=");
        }

        Instant start, end;
        if (LocalDatePattern.Iso.Parse(value) is { Success: true } date)
        {
            // A date is the whole local day: [start of day, start of next day).
            start = date.Value.AtStartOfDayInZone(zone).ToInstant();
            end = date.Value.PlusDays(1).AtStartOfDayInZone(zone).ToInstant();
        }
        else if (InstantText.TryParse(value, out var instant))
        {
            start = instant;
            end = instant.PlusTicks(1);
        }
        else
        {
            throw new FilterSyntaxException($"The value for '{name}' must be a date (YYYY-MM-DD) or {InstantText.Expected}.");
        }

        return op switch
        {
            ":" => new TimeRangeFilter(field, start, end),
            ">=" => new TimeRangeFilter(field, start, null),
            ">" => new TimeRangeFilter(field, end, null),
            "<" => new TimeRangeFilter(field, null, start),
            "<=" => new TimeRangeFilter(field, null, end),
            _ => throw Unsupported(name, op, ": > < >= <="),
        };
    }

    private static string Describe(FilterOperators operators) =>
        (operators.HasFlag(FilterOperators.Equals), operators.HasFlag(FilterOperators.Contains)) switch
        {
            (true, true) => "':' and '~'",
            (true, false) => "only ':'",
            _ => "only '~'",
        };

    private static FilterSyntaxException Unsupported(string name, string op, string supported) =>
        new($"The operator '{op}' is not supported for '{name}' (supported: {supported}).");

    private static string Truncate(string value) => value.Length <= 40 ? value : value[..40] + "…";
}

/// <summary>A filter, cursor or limit a client sent cannot be understood (400, naming the problem).</summary>
public sealed class FilterSyntaxException : Exception
{
    public FilterSyntaxException(string message)
        : base(message)
    {
    }

    public FilterSyntaxException()
        : base("The filter is malformed.")
    {
    }

    public FilterSyntaxException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

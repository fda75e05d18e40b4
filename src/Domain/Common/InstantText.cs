using NodaTime;
using NodaTime.Text;

namespace Scheduling.Domain.Common;

/// <summary>
/// Instants as text, the contract's one rule for them: requests may send any RFC 3339 date-time with an offset
/// ('Z', '+00:00', '+01:00', '-05:30') and 0-9 fractional digits, taken as the instant it names (so in UTC);
/// a date-time without an offset names no instant and is refused. The service always writes UTC with 'Z'.
/// </summary>
public static class InstantText
{
    /// <summary>What a client must send, for error messages.</summary>
    public const string Expected = "an RFC 3339 date-time with an offset, e.g. 2031-01-07T09:00:00Z or 2031-01-07T10:00:00+01:00";

    // 'o<Z+HH:mm>': 'Z' for a zero offset, otherwise a sign, hours and minutes ('+00:00' parses as zero too).
    private static readonly OffsetDateTimePattern Rfc3339 =
        OffsetDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm':'ss.FFFFFFFFFo<Z+HH:mm>");

    public static bool TryParse(string? text, out Instant instant)
    {
        if (text is not null && Rfc3339.Parse(text) is { Success: true } result)
        {
            instant = result.Value.ToInstant();
            return true;
        }

        instant = default;
        return false;
    }

    /// <summary>UTC with 'Z' and only the fractional digits needed: NodaTime's extended ISO form, as stored in every event.</summary>
    public static string Format(Instant instant) => InstantPattern.ExtendedIso.Format(instant);
}

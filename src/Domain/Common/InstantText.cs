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

    // The date and time before the offset; the offset is read by hand because RFC 3339 allows up to ±23:59 and
    // NodaTime's Offset stops at ±18:00.
    private static readonly LocalDateTimePattern DateAndTime =
        LocalDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm':'ss.FFFFFFFFF");

    public static bool TryParse(string? text, out Instant instant)
    {
        instant = default;
        if (text is null || text.Length < 20 || OffsetSeconds(text) is not ({ } seconds, var length))
        {
            return false;
        }

        // RFC 3339 section 5.6: the 'T' may be written in lower case.
        var local = text[10] == 't' ? string.Concat(text.AsSpan(0, 10), "T", text.AsSpan(11, length - 11)) : text[..length];
        if (DateAndTime.Parse(local) is not { Success: true } result)
        {
            return false;
        }

        instant = result.Value.InUtc().ToInstant() - Duration.FromSeconds(seconds);
        return true;
    }

    /// <summary>The offset in seconds and where it starts: 'Z' or 'z', or a sign, 00-23 hours, ':', 00-59 minutes.</summary>
    private static (int? Seconds, int Start) OffsetSeconds(string text)
    {
        if (text[^1] is 'Z' or 'z')
        {
            return (0, text.Length - 1);
        }

        var start = text.Length - 6;
        return text[start] is '+' or '-' && text[^3] == ':'
            && TwoDigits(text, start + 1) is { } hours and <= 23 && TwoDigits(text, text.Length - 2) is { } minutes and <= 59
                ? ((text[start] == '-' ? -1 : 1) * ((hours * 3600) + (minutes * 60)), start)
                : (null, 0);
    }

    private static int? TwoDigits(string text, int at) =>
        char.IsAsciiDigit(text[at]) && char.IsAsciiDigit(text[at + 1]) ? ((text[at] - '0') * 10) + (text[at + 1] - '0') : null;

    /// <summary>UTC with 'Z' and only the fractional digits needed: NodaTime's extended ISO form, as stored in every event.</summary>
    public static string Format(Instant instant) => InstantPattern.ExtendedIso.Format(instant);
}

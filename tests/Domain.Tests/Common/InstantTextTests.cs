using NodaTime;
using NodaTime.Text;
using Scheduling.Domain.Common;

namespace Scheduling.Domain.Tests.Common;

public sealed class InstantTextTests
{
    [Theory]
    [InlineData("2031-01-07T09:00:00Z", "2031-01-07T09:00:00Z")]
    [InlineData("2031-01-07T09:00:00+00:00", "2031-01-07T09:00:00Z")]
    [InlineData("2031-01-07T09:00:00-00:00", "2031-01-07T09:00:00Z")]
    [InlineData("2031-01-07T10:00:00+01:00", "2031-01-07T09:00:00Z")]
    [InlineData("2031-01-07T03:30:00-05:30", "2031-01-07T09:00:00Z")]
    [InlineData("2031-01-07T00:30:00+01:00", "2031-01-06T23:30:00Z")]
    [InlineData("2031-01-07T09:00:00.5Z", "2031-01-07T09:00:00.5Z")]
    [InlineData("2031-01-07T10:00:00.123456789+01:00", "2031-01-07T09:00:00.123456789Z")]
    [InlineData("2031-01-07T09:00:00.120Z", "2031-01-07T09:00:00.12Z")]
    [InlineData("2031-01-07t09:00:00z", "2031-01-07T09:00:00Z")] // RFC 3339 5.6: 't' and 'z' may be lower case
    [InlineData("2031-01-08T03:56:00+18:56", "2031-01-07T09:00:00Z")] // offsets to ±23:59 (RFC 3339), beyond NodaTime's ±18:00
    [InlineData("2031-01-06T09:01:00-23:59", "2031-01-07T09:00:00Z")]
    public void GivenAnRfc3339DateTimeWithAnOffset_WhenParsed_ThenTheInstantItNames_WrittenInUtc(string text, string utc)
    {
        Assert.True(InstantText.TryParse(text, out var instant), text);
        Assert.Equal(utc, InstantText.Format(instant));
    }

    [Theory]
    [InlineData("2031-01-07T09:00:00")]
    [InlineData("2031-01-07T09:00:00.5")]
    [InlineData("2031-01-07T09:00:00+01")]
    [InlineData("2031-01-07T09:00:00+0100")]
    [InlineData("2031-01-07T09:00:00+24:00")]
    [InlineData("2031-01-07T09:00:00+01:60")]
    [InlineData("2031-01-07T09:00:00+1:00")]
    [InlineData("2031-01-07T09:00:00Z\n")]
    [InlineData("2031-01-07 09:00:00Z")]
    [InlineData("2031-01-07")]
    [InlineData("2031-01-07T09:00Z")]
    [InlineData("2031-01-07T09:00:00.1234567891Z")]
    [InlineData("next tuesday")]
    [InlineData("")]
    [InlineData(null)]
    public void GivenADateTimeWithoutAnRfc3339Offset_WhenParsed_ThenRefused(string? text)
    {
        Assert.False(InstantText.TryParse(text, out _));
    }

    [Fact]
    public void Format_IsNodaTimesExtendedIso_TheFormOfEveryStoredEvent()
    {
        var instants = new[]
        {
            Instant.FromUtc(2026, 11, 23, 10, 15, 30), Instant.FromUtc(2026, 11, 23, 10, 15, 30).PlusNanoseconds(1),
            Instant.FromUtc(1999, 12, 31, 23, 59, 59).PlusTicks(1234567), Instant.FromUnixTimeSeconds(0),
        };
        foreach (var instant in instants)
        {
            Assert.Equal(InstantPattern.ExtendedIso.Format(instant), InstantText.Format(instant));
            Assert.True(InstantText.TryParse(InstantText.Format(instant), out var back));
            Assert.Equal(instant, back);
        }
    }
}

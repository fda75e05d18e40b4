using Scheduling.Domain.Common;

namespace Scheduling.Domain.Tests.Common;

public sealed class PostcodeTests
{
    [Theory]
    [InlineData("sw1a1aa", "SW1A 1AA")]
    [InlineData(" Sw1A  1aA ", "SW1A 1AA")]
    [InlineData("SW1A 1AA", "SW1A 1AA")]
    [InlineData("EC1A 1BB", "EC1A 1BB")]
    [InlineData("w1a0ax", "W1A 0AX")]
    [InlineData("W1A 0AX", "W1A 0AX")]
    [InlineData("M1 1AE", "M1 1AE")]
    [InlineData("m11ae", "M1 1AE")]
    [InlineData("B33 8TH", "B33 8TH")]
    [InlineData("CR2 6XH", "CR2 6XH")]
    [InlineData("DN55 1PT", "DN55 1PT")]
    [InlineData("GIR 0AA", "GIR 0AA")]
    [InlineData("gir0aa", "GIR 0AA")]
    public void GivenAUkPostcodeInAnyCaseAndSpacing_WhenNormalised_ThenUpperCaseWithOneSpace(string input, string expected)
    {
        Assert.True(Postcode.TryNormalise(input, out var normalised));
        Assert.Equal(expected, normalised);
        Assert.Equal(expected, Postcode.Normalise(input, "location.postcode"));
    }

    [Theory]
    [InlineData("12345")]
    [InlineData("SW1A 1A")]
    [InlineData("SW1A 1AAA")]
    [InlineData("QW1 1AA")]
    [InlineData("SW1A-1AA")]
    [InlineData("SW1A 1AA\n")]
    [InlineData("\nSW1A 1AA")]
    [InlineData("SW1A\t1AA")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public void GivenNotAUkPostcode_WhenTryNormalise_ThenFalse(string? input)
    {
        Assert.False(Postcode.TryNormalise(input, out var normalised));
        Assert.Equal(string.Empty, normalised);
    }

    [Theory]
    [InlineData("12345")]
    [InlineData(null)]
    public void GivenNotAUkPostcode_WhenNormalise_ThenRejectedForTheField(string? input)
    {
        var error = Given.Rejects(() => Postcode.Normalise(input, "location.postcode"));

        Given.IsError(error, DomainErrorKind.Invalid, "validation_failed", "location.postcode");
    }

    [Theory]
    [InlineData("sw1a1aa", true)]
    [InlineData(" Sw1A  1aA ", true)]
    [InlineData("gir0aa", true)]
    [InlineData("DN55 1PT", true)]
    [InlineData("QW1 1AA", false)]
    [InlineData("SW1A 1A", false)]
    [InlineData("SW1A-1AA", false)]
    public void ThePublishedPattern_ReadAsECMAScript_AgreesWithTheRule(string input, bool valid)
    {
        // The OpenAPI document states Postcode.Pattern; a client validating with it must draw the line where we do.
        var ecma = new System.Text.RegularExpressions.Regex(Postcode.Pattern, System.Text.RegularExpressions.RegexOptions.ECMAScript);
        Assert.Equal(valid, ecma.IsMatch(input));
        Assert.Equal(valid, Postcode.TryNormalise(input, out _));
    }
}

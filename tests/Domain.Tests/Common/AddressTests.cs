using Scheduling.Domain.Common;

namespace Scheduling.Domain.Tests.Common;

public sealed class AddressTests
{
    [Fact]
    public void GivenValidFields_WhenCreate_ThenPostcodeNormalisedAndCountryDefaultsToGb()
    {
        var address = Address.Create("1 Road", "Flat 2", null, "Town", "Kent", " cr2 6xh ", null);

        Assert.Equal(new Address("1 Road", "Flat 2", null, "Town", "Kent", "CR2 6XH", "GB"), address);
    }

    [Fact]
    public void GivenCountryGb_WhenCreate_ThenAccepted()
    {
        Assert.Equal("GB", Address.Create("1 Road", null, null, "Town", null, "M1 1AE", "GB").CountryCode);
    }

    [Fact]
    public void GivenAnotherCountry_WhenCreate_ThenRejected()
    {
        Given.IsError(
            Given.Rejects(() => Address.Create("1 Road", null, null, "Town", null, "M1 1AE", "FR")), DomainErrorKind.Invalid, "validation_failed", "location.countryCode");
    }

    [Theory]
    [InlineData(null, "Town", "location.line1")]
    [InlineData(" ", "Town", "location.line1")]
    [InlineData("1 Road", null, "location.town")]
    [InlineData("1 Road", "", "location.town")]
    public void GivenAMissingRequiredField_WhenCreate_ThenRejected(string? line1, string? town, string field)
    {
        Given.IsError(Given.Rejects(() => Address.Create(line1, null, null, town, null, "M1 1AE", null)), DomainErrorKind.Invalid, "validation_failed", field);
    }

    [Fact]
    public void GivenABadPostcode_WhenCreate_ThenRejected()
    {
        Given.IsError(Given.Rejects(() => Address.Create("1 Road", null, null, "Town", null, "nope", null)), DomainErrorKind.Invalid, "validation_failed", "location.postcode");
    }

    [Fact]
    public void GivenFieldsAtTheirLimits_WhenCreate_ThenAccepted()
    {
        var line = new string('x', 200);

        var address = Address.Create(line, line, line, new string('t', 100), new string('c', 100), "M1 1AE", null);

        Assert.Equal((line, line, line), (address.Line1, address.Line2, address.Line3));
    }

    [Theory]
    [InlineData(201, 0, 0, 0, 0, "location.line1")]
    [InlineData(0, 201, 0, 0, 0, "location.line2")]
    [InlineData(0, 0, 201, 0, 0, "location.line3")]
    [InlineData(0, 0, 0, 101, 0, "location.town")]
    [InlineData(0, 0, 0, 0, 101, "location.county")]
    public void GivenAFieldOneCharacterTooLong_WhenCreate_ThenRejected(int line1, int line2, int line3, int town, int county, string field)
    {
        static string Text(int length, string fallback) => length == 0 ? fallback : new string('x', length);

        var error = Given.Rejects(() => Address.Create(Text(line1, "1 Road"), Text(line2, "2"), Text(line3, "3"), Text(town, "Town"), Text(county, "Kent"), "M1 1AE", null));

        Given.IsError(error, DomainErrorKind.Invalid, "validation_failed", field);
    }

    [Fact]
    public void GivenAnotherFieldPrefix_WhenCreateFails_ThenTheErrorUsesIt()
    {
        Assert.Equal("address.postcode", Given.Rejects(() => Address.Create("1 Road", null, null, "Town", null, "nope", null, "address")).Field);
    }
}

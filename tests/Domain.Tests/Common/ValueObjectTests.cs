using NodaTime;
using Scheduling.Domain.Common;
using Scheduling.Domain.Patients;

namespace Scheduling.Domain.Tests.Common;

public sealed class ValueObjectTests
{
    [Theory]
    [InlineData("sw1a1aa", "SW1A 1AA")]
    [InlineData(" Sw1A  1aA ", "SW1A 1AA")]
    [InlineData("EC1A 1BB", "EC1A 1BB")]
    [InlineData("w1a0ax", "W1A 0AX")]
    [InlineData("M1 1AE", "M1 1AE")]
    [InlineData("B33 8TH", "B33 8TH")]
    [InlineData("CR2 6XH", "CR2 6XH")]
    [InlineData("DN55 1PT", "DN55 1PT")]
    [InlineData("gir 0aa", "GIR 0AA")]
    public void Postcode_IsNormalisedToUpperCaseWithOneSpace(string input, string expected)
    {
        Assert.True(Postcode.TryNormalise(input, out var normalised));
        Assert.Equal(expected, normalised);
    }

    [Theory]
    [InlineData("12345")]
    [InlineData("SW1A 1A")]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("QW1 1AA")]
    [InlineData("SW1A 1AAA")]
    public void Postcode_RejectsWhatIsNotAUkPostcode(string? input)
    {
        Assert.False(Postcode.TryNormalise(input, out _));
    }

    [Theory]
    [InlineData("+447911123456", true)]
    [InlineData("+123456", true)]
    [InlineData("+123456789012345", true)]
    [InlineData("+12345", false)]
    [InlineData("+1234567890123456", false)]
    [InlineData("447911123456", false)]
    [InlineData("+07911123456", false)]
    [InlineData("+44 7911 123456", false)]
    [InlineData(null, false)]
    public void PhoneNumber_IsE164(string? value, bool valid)
    {
        Assert.Equal(valid, PhoneNumber.IsE164(value));
    }

    [Theory]
    [InlineData("apt_a", true)]
    [InlineData("apt_0193abcDEF", true)]
    [InlineData("apt_", false)]
    [InlineData("apt_a-b", false)]
    [InlineData("APT_a", false)]
    [InlineData("p_a", false)]
    public void EntityId_IsThePrefixAndOneTo64LettersOrDigits(string value, bool valid)
    {
        Assert.Equal(valid, EntityId.IsValid(value, IdPrefix.Appointment));
    }

    [Fact]
    public void EntityId_SixtyFourCharactersAreTheLimit()
    {
        Assert.True(EntityId.IsValid("apt_" + new string('a', 64), IdPrefix.Appointment));
        Assert.False(EntityId.IsValid("apt_" + new string('a', 65), IdPrefix.Appointment));
    }

    [Fact]
    public void EntityId_GeneratedIdsAreValidUniqueAndSortByCreationTime()
    {
        var ids = Enumerable.Range(0, 200).Select(i => EntityId.Generate(IdPrefix.Appointment, Given.Now + Duration.FromMilliseconds(i))).ToList();

        Assert.All(ids, id => Assert.True(EntityId.IsValid(id, IdPrefix.Appointment), id));
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Equal(ids, ids.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Address_DefaultsToGbAndRejectsOtherCountriesAndMissingFields()
    {
        Assert.Equal("GB", Address.Create("1 Road", null, null, "Town", null, "M1 1AE", null).CountryCode);
        Assert.Equal("location.countryCode", Given.Rejects(() => Address.Create("1 Road", null, null, "Town", null, "M1 1AE", "FR")).Field);
        Assert.Equal("location.line1", Given.Rejects(() => Address.Create(" ", null, null, "Town", null, "M1 1AE", null)).Field);
        Assert.Equal("location.town", Given.Rejects(() => Address.Create("1 Road", null, null, null, null, "M1 1AE", null)).Field);
        Assert.Equal("location.postcode", Given.Rejects(() => Address.Create("1 Road", null, null, "Town", null, "nope", null)).Field);
        Assert.Equal("location.line2", Given.Rejects(() => Address.Create("1 Road", new string('x', 201), null, "Town", null, "M1 1AE", null)).Field);
    }

    [Theory]
    [InlineData("9434765919", true)]
    [InlineData("9434765918", false)]
    [InlineData("943476591", false)]
    [InlineData("94347659190", false)]
    [InlineData("943476591X", false)]
    [InlineData("4010232137", true)]
    public void NhsNumber_HasAValidModulus11CheckDigit(string value, bool valid)
    {
        Assert.Equal(valid, Patient.IsValidNhsNumber(value));
    }
}

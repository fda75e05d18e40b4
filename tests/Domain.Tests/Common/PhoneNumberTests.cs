using Scheduling.Domain.Common;

namespace Scheduling.Domain.Tests.Common;

public sealed class PhoneNumberTests
{
    [Theory]
    [InlineData("+447911123456")]
    [InlineData("+123456")] // 7 characters, the shortest
    [InlineData("+123456789012345")] // 16 characters, the longest
    public void GivenAnE164Number_WhenCreate_ThenKeptAsGiven(string value)
    {
        Assert.True(PhoneNumber.IsE164(value));
        Assert.Equal(value, PhoneNumber.Create(value).Value);
    }

    [Theory]
    [InlineData("+12345")] // 6 characters
    [InlineData("+1234567890123456")] // 17 characters
    [InlineData("447911123456")] // no '+'
    [InlineData("+07911123456")] // leading 0 after '+'
    [InlineData("+44 7911 123456")]
    [InlineData("+44791112345a")]
    [InlineData("++447911123456")]
    [InlineData("")]
    [InlineData(null)]
    public void GivenNotAnE164Number_WhenCreate_ThenRejected(string? value)
    {
        Assert.False(PhoneNumber.IsE164(value));
        Given.IsError(Given.Rejects(() => PhoneNumber.Create(value)), DomainErrorKind.Invalid, "validation_failed", "phone");
    }

    [Fact]
    public void GivenAFieldName_WhenCreateFails_ThenTheErrorNamesThatField()
    {
        Assert.Equal("patient.phone", Given.Rejects(() => PhoneNumber.Create("07911", "patient.phone")).Field);
    }
}

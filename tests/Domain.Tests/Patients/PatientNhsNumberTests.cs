using Scheduling.Domain.Patients;

namespace Scheduling.Domain.Tests.Patients;

public sealed class PatientNhsNumberTests
{
    [Theory]
    [InlineData("9434765919")]
    [InlineData("4010232137")]
    [InlineData("9000000009")]
    [InlineData("2000000010")] // remainder 0: check digit 11 is written as 0
    public void GivenAValidCheckDigit_WhenIsValidNhsNumber_ThenTrue(string value)
    {
        Assert.True(Patient.IsValidNhsNumber(value));
    }

    [Theory]
    [InlineData("9434765918")] // wrong check digit
    [InlineData("9434765910")]
    [InlineData("1000000010")] // remainder 1: check digit would be 10, never issued
    [InlineData("943476591")] // 9 digits
    [InlineData("94347659190")] // 11 digits
    [InlineData("943476591X")]
    [InlineData("943 476 5919")]
    [InlineData("")]
    [InlineData(null)]
    public void GivenAnInvalidNumber_WhenIsValidNhsNumber_ThenFalse(string? value)
    {
        Assert.False(Patient.IsValidNhsNumber(value));
    }
}

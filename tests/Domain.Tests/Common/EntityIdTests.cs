using NodaTime;
using NodaTime.Testing;
using Scheduling.Domain.Common;

namespace Scheduling.Domain.Tests.Common;

public sealed class EntityIdTests
{
    [Theory]
    [InlineData("apt_a", true)]
    [InlineData("apt_0193abcDEF", true)]
    [InlineData("apt_", false)]
    [InlineData("apt_a-b", false)]
    [InlineData("apt_a b", false)]
    [InlineData("apt_é", false)]
    [InlineData("APT_a", false)]
    [InlineData("p_a", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void GivenAValue_WhenIsValid_ThenOnlyThePrefixAndLettersOrDigitsPass(string? value, bool valid)
    {
        Assert.Equal(valid, EntityId.IsValid(value, IdPrefix.Appointment));
    }

    [Fact]
    public void GivenBodiesOf64And65Characters_WhenIsValid_Then64IsTheLimit()
    {
        Assert.True(EntityId.IsValid("apt_" + new string('a', 64), IdPrefix.Appointment));
        Assert.False(EntityId.IsValid("apt_" + new string('a', 65), IdPrefix.Appointment));
    }

    [Fact]
    public void GivenAValidId_WhenRequire_ThenReturnedUnchanged()
    {
        Assert.Equal("win_9Z", EntityId.Require("win_9Z", IdPrefix.Window, "windowId"));
    }

    [Fact]
    public void GivenAnIdWithTheWrongPrefix_WhenRequire_ThenRejectedForTheField()
    {
        var error = Given.Rejects(() => EntityId.Require("apt_1", IdPrefix.Window, "windowId"));

        Given.IsError(error, DomainErrorKind.Invalid, "validation_failed", "windowId");
    }

    [Fact]
    public void GivenAClockAdvancingAMillisecondAtATime_WhenGenerate_ThenIdsAreValidUniqueAndSortByCreationTime()
    {
        var clock = new FakeClock(Given.Now, Duration.FromMilliseconds(1));

        var ids = Enumerable.Range(0, 500).Select(_ => EntityId.Generate(IdPrefix.Appointment, clock.GetCurrentInstant())).ToList();

        Assert.All(ids, id => Assert.True(EntityId.IsValid(id, IdPrefix.Appointment), id));
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Equal(ids, ids.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void GivenTheSameInstant_WhenGenerateTwice_ThenIdsDiffer()
    {
        var ids = Enumerable.Range(0, 100).Select(_ => EntityId.Generate(IdPrefix.Patient, Given.Now)).ToList();

        Assert.All(ids, id => Assert.StartsWith(IdPrefix.Patient, id, StringComparison.Ordinal));
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [Fact]
    public void GivenIdsFromDifferentDays_WhenGenerate_ThenTheEarlierSortsFirst()
    {
        var earlier = EntityId.Generate(IdPrefix.Window, Given.Now);
        var later = EntityId.Generate(IdPrefix.Window, Given.Now + Duration.FromDays(1));

        Assert.True(string.CompareOrdinal(earlier, later) < 0, $"{earlier} should sort before {later}");
    }
}

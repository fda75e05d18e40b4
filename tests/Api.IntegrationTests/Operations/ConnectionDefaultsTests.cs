using Npgsql;
using Scheduling.Infrastructure;

namespace Scheduling.Api.IntegrationTests.Operations;

/// <summary>
/// The service's connection defaults (docs/operations.md, "Connections"): applied when the operator's connection
/// string is silent, never over what it sets. No database needed here.
/// </summary>
public sealed class ConnectionDefaultsTests
{
    private const string Server = "Host=127.0.0.1;Port=5432;Username=postgres;Database=scheduling";

    [Fact]
    public void ASilentConnectionString_GetsThePoolOfTwenty_TheShortTimeouts_AndNoResetOnClose()
    {
        var applied = new NpgsqlConnectionStringBuilder(DependencyInjection.WithServiceDefaults(Server));

        Assert.Equal(DependencyInjection.DefaultMaxPoolSize, applied.MaxPoolSize);
        Assert.Equal(20, applied.MaxPoolSize);
        Assert.Equal(5, applied.Timeout);
        Assert.Equal(15, applied.CommandTimeout);
        Assert.True(applied.NoResetOnClose);
        Assert.Equal("scheduling", applied.Database);
    }

    [Theory]
    [InlineData("Maximum Pool Size=100", 100)]
    [InlineData("MaxPoolSize=50", 50)]
    [InlineData("maxpoolsize=7", 7)]
    [InlineData("MAXIMUM POOL SIZE=3", 3)]
    public void APoolSizeTheOperatorSets_IsKept_InAnyOfNpgsqlsSpellings(string setting, int expected)
    {
        var applied = new NpgsqlConnectionStringBuilder(DependencyInjection.WithServiceDefaults($"{Server};{setting}"));

        Assert.Equal(expected, applied.MaxPoolSize);
    }

    [Fact]
    public void AMinimumPoolSize_IsNotMistakenForAMaximum()
    {
        var applied = new NpgsqlConnectionStringBuilder(DependencyInjection.WithServiceDefaults($"{Server};Minimum Pool Size=2"));

        Assert.Equal(2, applied.MinPoolSize);
        Assert.Equal(DependencyInjection.DefaultMaxPoolSize, applied.MaxPoolSize);
    }

    [Fact]
    public void TimeoutsAndResetTheOperatorSets_AreKept()
    {
        var applied = new NpgsqlConnectionStringBuilder(
            DependencyInjection.WithServiceDefaults($"{Server};Timeout=30;Command Timeout=60;No Reset On Close=false"));

        Assert.Equal(30, applied.Timeout);
        Assert.Equal(60, applied.CommandTimeout);
        Assert.False(applied.NoResetOnClose);
    }
}

using System.Reflection;
using System.Text.RegularExpressions;
using Npgsql;
using Scheduling.Application.Common.Exceptions;
using Scheduling.Domain.Common;
using Scheduling.Infrastructure.Persistence;

namespace Scheduling.Api.IntegrationTests.Operations;

/// <summary>
/// Issue 14's failed creates under load: the postcode regex's 100 ms match timeout (wall clock) fired when the
/// request's thread was descheduled on a busy machine, and the RegexMatchTimeoutException, being a TimeoutException,
/// was reported as 503 "cannot reach its database". No database needed here.
/// </summary>
public sealed class TimeoutClassificationTests
{
    [Fact]
    public async Task ARegexMatchTimeout_IsNotReportedAsAnUnreachableDatabase()
    {
        var behaviour = new DatabaseErrorBehaviour<string, int>();

        var thrown = await Assert.ThrowsAnyAsync<Exception>(() =>
            behaviour.Handle("request", CancellationToken.None, () => throw new RegexMatchTimeoutException("SW1A1AA", "^x$", TimeSpan.FromMilliseconds(100))));

        Assert.IsType<RegexMatchTimeoutException>(thrown);
        Assert.False(MartenUnitOfWork.IsTransient(new InvalidOperationException("wrapped", new RegexMatchTimeoutException())));
    }

    [Fact]
    public async Task DatabaseTimeouts_AreStillReportedAsAnUnreachableDatabase()
    {
        var behaviour = new DatabaseErrorBehaviour<string, int>();

        // What Npgsql throws when the pool or the connection attempt times out, and a bare timeout from a lower layer.
        await Assert.ThrowsAsync<DatabaseUnavailableException>(() =>
            behaviour.Handle("request", CancellationToken.None, () => throw new NpgsqlException("The operation has timed out", new TimeoutException())));
        Assert.True(MartenUnitOfWork.IsTransient(new TimeoutException()));
        Assert.True(MartenUnitOfWork.IsTransient(new InvalidOperationException("wrapped", new System.Net.Sockets.SocketException())));
    }

    [Fact]
    public void NoGeneratedRegex_OfTheService_HasAWallClockMatchTimeout()
    {
        var assemblies = new[]
        {
            typeof(Postcode).Assembly, // Domain
            typeof(DatabaseUnavailableException).Assembly, // Application
            typeof(MartenUnitOfWork).Assembly, // Infrastructure
            typeof(Program).Assembly, // Api
        };
        var regexes = assemblies
            .SelectMany(a => a.GetTypes())
            .SelectMany(t => t.GetMethods(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            .Where(m => m.GetCustomAttribute<GeneratedRegexAttribute>() is not null && m.GetParameters().Length == 0)
            .Select(m => (Name: $"{m.DeclaringType!.Name}.{m.Name}", Regex: (Regex)m.Invoke(null, null)!))
            .ToList();

        Assert.Contains(regexes, r => r.Name == "Postcode.Spaced");
        Assert.All(regexes, r => Assert.True(r.Regex.MatchTimeout == Regex.InfiniteMatchTimeout, $"{r.Name} has a {r.Regex.MatchTimeout} match timeout"));
        Assert.True(Postcode.TryNormalise("sw1a1aa", out var normalised));
        Assert.Equal("SW1A 1AA", normalised);
    }
}

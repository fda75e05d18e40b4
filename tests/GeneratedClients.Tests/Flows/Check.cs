// Compiled at test time together with a client generated from the served document (see GeneratedClientTests).
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading.Tasks;

namespace Scheduling.Client.Flows;

/// <summary>Assertions for the flows: a failure throws with the flow step that failed.</summary>
public static class Check
{
    public static void That(bool condition, string what)
    {
        if (!condition)
        {
            throw new InvalidOperationException($"Flow check failed: {what}");
        }
    }

    public static void Equal<T>(T expected, T actual, string what)
    {
        if (!EqualityComparer<T>.Default.Equals(expected, actual))
        {
            throw new InvalidOperationException($"Flow check failed: {what}: expected '{expected}', got '{actual}'");
        }
    }

    public static void Sequence<T>(IEnumerable<T> expected, IEnumerable<T> actual, string what)
    {
        var want = string.Join(", ", expected);
        var got = string.Join(", ", actual);
        Equal(want, got, what);
    }

    /// <summary>The call fails with the client's exception type (its typed problem), which is returned for inspection.</summary>
    public static async Task<TException> Throws<TException>(Func<Task> call, string what)
        where TException : Exception
    {
        try
        {
            await call();
        }
        catch (TException expected)
        {
            return expected;
        }

        throw new InvalidOperationException($"Flow check failed: {what}: the call succeeded");
    }

    /// <summary>Polls until the condition holds (webhook sends and the event feed are asynchronous); fails after the timeout (20 s).</summary>
    public static async Task Eventually(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(20);
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > limit)
            {
                throw new InvalidOperationException($"Flow check failed: {what} (not within {limit.TotalSeconds} s)");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>A value unique to one run of the flows, so list filters see only what this run made.</summary>
    public static string RunTag(string client) => $"{client}-{Guid.NewGuid():N}";

    /// <summary>An Idempotency-Key for one logical request.</summary>
    public static string NewKey() => $"flow-{Guid.NewGuid():N}";

    /// <summary>An instant as the API's query parameters take it (RFC 3339, UTC).</summary>
    public static string Rfc3339(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'");
}

// Compiled at test time together with a client generated from the served document (see GeneratedClientTests).
using System;
using System.Collections.Generic;

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
}

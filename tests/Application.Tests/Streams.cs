using NSubstitute;
using Scheduling.Application.Common.Persistence;

namespace Scheduling.Application.Tests;

/// <summary>Write-stream handles for handler tests: a state at a version, recording what is appended.</summary>
internal static class Streams
{
    public static IWriteStream<T> At<T>(T state, long version = 1)
        where T : class
    {
        var stream = Substitute.For<IWriteStream<T>>();
        stream.State.Returns(state);
        stream.Version.Returns(version);
        return stream;
    }
}

using JasperFx.Events;
using Scheduling.Application.Common.Persistence;

namespace Scheduling.Infrastructure.Persistence;

/// <summary>Marten's <see cref="IEventStream{T}"/> behind the Application's handle: the version check happens at SaveChanges.</summary>
internal sealed class MartenWriteStream<T>(IEventStream<T> stream) : IWriteStream<T>
    where T : class
{
    public T State => stream.Aggregate ?? throw new InvalidOperationException("A write stream is only handed out for an existing aggregate.");

    public long Version => stream.StartingVersion ?? 0;

    public void Append(IReadOnlyList<object> events) => stream.AppendMany(events);
}

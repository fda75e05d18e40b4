namespace Scheduling.Application.Common.Persistence;

/// <summary>
/// A stream loaded for writing, as Marten's <c>IEventStream&lt;T&gt;</c>: its state, the version it was read at,
/// and the events to append. The append is checked against that version when the unit of work commits.
/// </summary>
public interface IWriteStream<out TState>
    where TState : class
{
    TState State { get; }

    long Version { get; }

    void Append(IReadOnlyList<object> events);
}

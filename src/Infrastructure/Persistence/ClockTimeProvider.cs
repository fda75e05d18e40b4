using NodaTime;

namespace Scheduling.Infrastructure.Persistence;

/// <summary>The service's NodaTime clock as a .NET <see cref="TimeProvider"/>, for Marten's event timestamps.</summary>
public sealed class ClockTimeProvider(IClock clock) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => clock.GetCurrentInstant().ToDateTimeOffset();
}

using NodaTime;

namespace Scheduling.Domain.Organisations;

/// <summary>The settings of an organisation that its appointments' rules depend on.</summary>
public sealed record Organisation(string Id, string Name, DateTimeZone TimeZone, bool DocumentsEnabled, IReadOnlyList<CareTask> Tasks)
{
    public CareTask? FindTask(string? taskId) => Tasks.FirstOrDefault(t => t.Id == taskId);

    public LocalDate Today(Instant now) => now.InZone(TimeZone).Date;
}

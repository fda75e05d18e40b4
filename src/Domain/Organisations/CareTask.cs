namespace Scheduling.Domain.Organisations;

/// <summary>A kind of visit an organisation offers, with the scheduling it allows.</summary>
public sealed record CareTask(string Id, string Name, bool ScheduledAppointmentsEnabled = false, int MinimumPlanDays = 0);

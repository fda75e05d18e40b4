using NodaTime;
using Scheduling.Domain.Common;
using Scheduling.Domain.Organisations;

namespace Scheduling.Domain.Appointments;

/// <summary>The dates between which a scheduled appointment must take place (inclusive, organisation-local).</summary>
public sealed record PlanWindow
{
    private PlanWindow(LocalDate from, LocalDate to)
    {
        From = from;
        To = to;
    }

    public LocalDate From { get; }

    public LocalDate To { get; }

    public int Days => Period.Between(From, To, PeriodUnits.Days).Days;

    public bool Contains(LocalDate date) => date >= From && date <= To;

    /// <summary>
    /// Rule 1 of the contract: both dates, in order, not before today, and at least the task's minimum apart.
    /// Returns null for a standard appointment (no plan dates at all).
    /// </summary>
    /// <summary>Rebuilds a plan already accepted (events are facts; today has moved on since).</summary>
    public static PlanWindow Restore(LocalDate from, LocalDate to) => new(from, to);

    public static PlanWindow? For(LocalDate? from, LocalDate? to, CareTask task, LocalDate today)
    {
        if (from is null && to is null)
        {
            return null;
        }

        if (from is null)
        {
            throw DomainException.Invalid("validation_failed", "planFrom", "'planFrom' is required when 'planTo' is given (a scheduled appointment needs both dates).");
        }

        if (to is null)
        {
            throw DomainException.Invalid("validation_failed", "planTo", "'planTo' is required when 'planFrom' is given (a scheduled appointment needs both dates).");
        }

        if (from.Value > to.Value)
        {
            throw DomainException.Invalid("validation_failed", "planTo", "'planTo' must not be before 'planFrom'.");
        }

        if (from.Value < today)
        {
            throw DomainException.Invalid("validation_failed", "planFrom", $"'planFrom' must not be before today ({today:uuuu-MM-dd}) in the organisation's time zone.");
        }

        var plan = new PlanWindow(from.Value, to.Value);
        if (plan.Days < task.MinimumPlanDays)
        {
            throw DomainException.Invalid(
                "validation_failed",
                "planTo",
                $"'planTo' must be at least {task.MinimumPlanDays} days after 'planFrom' for task '{task.Id}'.");
        }

        return plan;
    }
}

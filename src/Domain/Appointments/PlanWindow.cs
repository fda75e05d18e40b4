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
    /// Rule 1 of the contract, every broken part: both dates, in order, <c>planFrom</c> not before today, and at
    /// least the task's minimum apart (the message names it). Nothing for a standard appointment (no dates).
    /// </summary>
    public static IEnumerable<RuleViolation> Check(LocalDate? from, LocalDate? to, CareTask task, LocalDate today)
    {
        if (from is null && to is null)
        {
            yield break;
        }

        if (from is null)
        {
            yield return RuleViolation.Invalid("planFrom", "'planFrom' is required when 'planTo' is given (a scheduled appointment needs both dates).");
            yield break;
        }

        if (to is null)
        {
            yield return RuleViolation.Invalid("planTo", "'planTo' is required when 'planFrom' is given (a scheduled appointment needs both dates).");
            yield break;
        }

        if (from.Value < today)
        {
            yield return RuleViolation.Invalid("planFrom", $"'planFrom' must not be before today ({today:uuuu-MM-dd}) in the organisation's time zone.");
        }

        if (from.Value > to.Value)
        {
            yield return RuleViolation.Invalid("planTo", "'planTo' must not be before 'planFrom'.");
        }
        else if (Period.Between(from.Value, to.Value, PeriodUnits.Days).Days < task.MinimumPlanDays)
        {
            yield return RuleViolation.Invalid("planTo", $"'planTo' must be at least {task.MinimumPlanDays} days after 'planFrom' for task '{task.Id}'.");
        }
    }

    /// <summary>Enforces <see cref="Check"/>; null for a standard appointment.</summary>
    public static PlanWindow? For(LocalDate? from, LocalDate? to, CareTask task, LocalDate today)
    {
        FieldRules.Enforce(Check(from, to, task, today));
        return from is { } f && to is { } t ? new PlanWindow(f, t) : null;
    }

    /// <summary>Rebuilds a plan already accepted (events are facts; today has moved on since).</summary>
    public static PlanWindow? Restore(LocalDate? from, LocalDate? to) => from is { } f && to is { } t ? new PlanWindow(f, t) : null;
}

using FluentValidation;
using MediatR;
using NodaTime;
using NodaTime.Text;
using Scheduling.Application.Common.Tenancy;
using Scheduling.Application.Common.Validation;
using Scheduling.Domain.Availability;
using Scheduling.Domain.Common;

namespace Scheduling.Application.Availability.ListAvailable;

/// <summary><c>GET /v1/availability</c>: bookable windows of a task starting within [from, to] (organisation-local dates).</summary>
/// <remarks>Query values arrive as sent; the validator checks them and the handler reads the dates it accepted.</remarks>
public sealed record ListAvailableWindows(string? TaskId, string? From, string? To) : IRequest<IReadOnlyList<AvailabilityWindow>>
{
    public LocalDate? FromDate => ParseDate(From);

    public LocalDate? ToDate => ParseDate(To);

    public static LocalDate? ParseDate(string? value) =>
        value is not null && LocalDatePattern.Iso.Parse(value) is { Success: true } date ? date.Value : null;
}

/// <summary>Reads of the window read model, scoped to the caller's tenant.</summary>
public interface IAvailabilityQueries
{
    /// <summary>Windows of the task with a free place whose start is in [startFrom, startBefore) and after <paramref name="now"/>, by start.</summary>
    Task<IReadOnlyList<AvailabilityWindow>> ListBookable(string taskId, Instant startFrom, Instant startBefore, Instant now, CancellationToken cancellationToken);
}

public sealed class ListAvailableWindowsValidator : AbstractValidator<ListAvailableWindows>
{
    public const int MaxRangeDays = 92;

    public ListAvailableWindowsValidator()
    {
        RuleFor(q => q.TaskId).Satisfies(id => FieldRules.Required(id, "taskId") ?? EntityId.Check(id, IdPrefix.Task, "taskId"));
        RuleFor(q => q.From).Satisfies(from => CheckDate(from, "from"));
        RuleFor(q => q.To).Satisfies(to => CheckDate(to, "to"));
        RuleFor(q => q.ToDate)
            .Must((q, to) => to >= q.FromDate).WithMessage("'to' must not be before 'from'.")
            .Must((q, to) => Period.Between(q.FromDate!.Value, to!.Value, PeriodUnits.Days).Days <= MaxRangeDays)
            .WithMessage($"The range can span at most {MaxRangeDays} days.")
            .OverridePropertyName("to")
            .When(q => q.FromDate is not null && q.ToDate is not null);
    }


    private static RuleViolation? CheckDate(string? value, string member) =>
        value is null
            ? RuleViolation.Invalid(member, $"'{member}' is required (YYYY-MM-DD).")
            : ListAvailableWindows.ParseDate(value) is null ? RuleViolation.Invalid(member, $"'{member}' must be a date in YYYY-MM-DD form.") : null;
}

public sealed class ListAvailableWindowsHandler(ITenantContext tenant, IAvailabilityQueries queries, IClock clock)
    : IRequestHandler<ListAvailableWindows, IReadOnlyList<AvailabilityWindow>>
{
    public async Task<IReadOnlyList<AvailabilityWindow>> Handle(ListAvailableWindows request, CancellationToken cancellationToken)
    {
        var organisation = tenant.Organisation;
        if (organisation.FindTask(request.TaskId) is null)
        {
            throw DomainException.Unprocessable("task_not_found", $"Task '{request.TaskId}' is not one of the organisation's tasks.");
        }

        var zone = organisation.TimeZone;
        var startFrom = request.FromDate!.Value.AtStartOfDayInZone(zone).ToInstant();
        var startBefore = request.ToDate!.Value.PlusDays(1).AtStartOfDayInZone(zone).ToInstant();
        return await queries.ListBookable(request.TaskId!, startFrom, startBefore, clock.GetCurrentInstant(), cancellationToken);
    }
}

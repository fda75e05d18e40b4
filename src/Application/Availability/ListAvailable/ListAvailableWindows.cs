using FluentValidation;
using MediatR;
using NodaTime;
using Scheduling.Application.Common.Tenancy;
using Scheduling.Application.Common.Validation;
using Scheduling.Domain.Availability;
using Scheduling.Domain.Common;

namespace Scheduling.Application.Availability.ListAvailable;

/// <summary><c>GET /v1/availability</c>: bookable windows of a task starting within [from, to] (organisation-local dates).</summary>
public sealed record ListAvailableWindows(string? TaskId, LocalDate? From, LocalDate? To) : IRequest<IReadOnlyList<AvailabilityWindow>>;

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
        RuleFor(q => q.TaskId).RequiredId(IdPrefix.Task);
        RuleFor(q => q.From).NotNull().WithMessage("'{PropertyName}' is required (YYYY-MM-DD).");
        RuleFor(q => q.To).NotNull().WithMessage("'{PropertyName}' is required (YYYY-MM-DD).");
        RuleFor(q => q.To)
            .Must((q, to) => to >= q.From).WithMessage("'to' must not be before 'from'.")
            .Must((q, to) => Period.Between(q.From!.Value, to!.Value, PeriodUnits.Days).Days <= MaxRangeDays)
            .WithMessage($"The range can span at most {MaxRangeDays} days.")
            .When(q => q.From is not null && q.To is not null);
    }
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
        var startFrom = request.From!.Value.AtStartOfDayInZone(zone).ToInstant();
        var startBefore = request.To!.Value.PlusDays(1).AtStartOfDayInZone(zone).ToInstant();
        return await queries.ListBookable(request.TaskId!, startFrom, startBefore, clock.GetCurrentInstant(), cancellationToken);
    }
}

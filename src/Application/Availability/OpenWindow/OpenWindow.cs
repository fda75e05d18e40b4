using FluentValidation;
using MediatR;
using NodaTime;
using Scheduling.Application.Common.Persistence;
using Scheduling.Application.Common.Tenancy;
using Scheduling.Application.Common.Validation;
using Scheduling.Domain.Availability;
using Scheduling.Domain.Common;

namespace Scheduling.Application.Availability.OpenWindow;

/// <summary><c>POST /v1/availability/windows</c> (operations use).</summary>
public sealed record OpenWindow(string? TaskId, Instant? Start, Instant? End, int? Capacity) : IRequest<AvailabilityWindow>;

public sealed class OpenWindowValidator : AbstractValidator<OpenWindow>
{
    public OpenWindowValidator()
    {
        RuleFor(w => w.TaskId).RequiredId(IdPrefix.Task);
        RuleFor(w => w.Start).NotNull().WithMessage("'{PropertyName}' is required.");
        RuleFor(w => w.End).NotNull().WithMessage("'{PropertyName}' is required.");
        RuleFor(w => w.End)
            .Must((w, end) => end > w.Start).WithMessage("'end' must be after 'start'.")
            .Must((w, end) => end - w.Start <= AvailabilityWindow.MaxLength).WithMessage("A window can last at most 12 hours ('end' - 'start').")
            .When(w => w.Start is not null && w.End is not null);
        RuleFor(w => w.Capacity)
            .NotNull().WithMessage("'{PropertyName}' is required.")
            .InclusiveBetween(AvailabilityWindow.MinCapacity, AvailabilityWindow.MaxCapacity);
    }
}

public sealed class OpenWindowHandler(ITenantContext tenant, IWindowBookings windows, IUnitOfWork unitOfWork, IClock clock)
    : IRequestHandler<OpenWindow, AvailabilityWindow>
{
    public async Task<AvailabilityWindow> Handle(OpenWindow request, CancellationToken cancellationToken)
    {
        if (tenant.Organisation.FindTask(request.TaskId) is null)
        {
            throw DomainException.Unprocessable("task_not_found", $"Task '{request.TaskId}' is not one of the organisation's tasks.");
        }

        var now = clock.GetCurrentInstant();
        var opened = AvailabilityWindow.Open(
            EntityId.Generate(IdPrefix.Window, now), request.TaskId!, request.Start!.Value, request.End!.Value, request.Capacity!.Value, now);
        windows.Open(opened);
        await unitOfWork.Commit(cancellationToken);
        return AvailabilityWindow.Create(opened);
    }
}

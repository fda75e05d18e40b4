using FluentValidation;
using MediatR;
using NodaTime;
using Scheduling.Application.Common.Persistence;
using Scheduling.Application.Common.Tenancy;
using Scheduling.Application.Common.Validation;
using Scheduling.Domain.Availability;
using Scheduling.Domain.Common;

namespace Scheduling.Application.Availability.OpenWindow;

/// <summary><c>POST /v1/availability/windows</c> (operations use); required members are present (the edge saw to that).</summary>
public sealed record OpenWindow(string TaskId, Instant Start, Instant End, int Capacity) : IRequest<AvailabilityWindow>;

public sealed class OpenWindowValidator : AbstractValidator<OpenWindow>
{
    public OpenWindowValidator()
    {
        RuleFor(w => w.TaskId).MustBeId(IdPrefix.Task, "taskId");
        RuleFor(w => w).Satisfies(w => AvailabilityWindow.Check(w.Start, w.End, w.Capacity));
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
            EntityId.Generate(IdPrefix.Window, now), request.TaskId, request.Start, request.End, request.Capacity, now);
        windows.Open(opened);
        await unitOfWork.Commit(cancellationToken);
        return AvailabilityWindow.Create(opened);
    }
}

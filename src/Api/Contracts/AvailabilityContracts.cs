using NodaTime;
using Scheduling.Api.OpenApi;
using Scheduling.Domain.Common;
using Scheduling.Application.Availability.OpenWindow;
using Scheduling.Application.Common.Validation;
using Scheduling.Domain.Availability;

namespace Scheduling.Api.Contracts;

/// <summary>Body of <c>POST /v1/availability/windows</c>, as JSON can carry it.</summary>
public sealed record OpenWindowRequest(
    [property: Id(IdPrefix.Task)] string? TaskId,
    Instant? Start,
    Instant? End,
    [property: Range(AvailabilityWindow.MinCapacity, AvailabilityWindow.MaxCapacity)] int? Capacity)
{
    public OpenWindow ToCommand()
    {
        var required = new RequiredFields();
        return required.Complete(new OpenWindow(
            required.Get(TaskId, "taskId"), required.Get(Start, "start"), required.Get(End, "end"), required.Get(Capacity, "capacity")));
    }
}

/// <summary>A window as clients see it (the booked appointment ids stay inside).</summary>
public sealed record WindowResponse(string Id, string TaskId, Instant Start, Instant End, int Capacity, int Remaining)
{
    public static WindowResponse From(AvailabilityWindow window) =>
        new(window.Id, window.TaskId, window.Start, window.End, window.Capacity, window.Remaining);
}

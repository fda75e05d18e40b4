using Marten.Events.Aggregation;
using Scheduling.Domain.Availability;

namespace Scheduling.Infrastructure.Availability;

/// <summary>
/// Folds a window's stream with the aggregate's own Create/Apply, stored inline as the window document, so a
/// booking reads the current state without replaying and the availability query reads the same document.
/// (Marten's dispatch is source-generated, so the projection lives here and the domain stays free of Marten.)
/// </summary>
public sealed partial class AvailabilityWindowProjection : SingleStreamProjection<AvailabilityWindow, string>
{
    public static AvailabilityWindow Create(AvailabilityWindowOpened e) => AvailabilityWindow.Create(e);

    public static AvailabilityWindow Apply(WindowPlaceBooked e, AvailabilityWindow window) => window.Apply(e);

    public static AvailabilityWindow Apply(WindowPlaceReleased e, AvailabilityWindow window) => window.Apply(e);

    /// <summary>The same Create/Apply by event type, for the bulk rebuild (<see cref="Rebuild.RebuiltReadModels"/>).</summary>
    public static AvailabilityWindow Fold(AvailabilityWindow? window, object data) => (window, data) switch
    {
        (null, AvailabilityWindowOpened e) => Create(e),
        ({ } current, WindowPlaceBooked e) => Apply(e, current),
        ({ } current, WindowPlaceReleased e) => Apply(e, current),
        _ => throw new InvalidOperationException($"{data.GetType().Name} cannot be applied to {(window is null ? "a new" : "an existing")} window."),
    };
}

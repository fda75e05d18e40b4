using NodaTime;
using Scheduling.Domain.Appointments;
using Scheduling.Domain.Webhooks;

namespace Scheduling.Application.Webhooks;

/// <summary>The webhook endpoints of the caller's tenant; changes commit with <c>IUnitOfWork.Commit</c>.</summary>
public interface IWebhookEndpoints
{
    Task<WebhookEndpoint?> Find(string endpointId, CancellationToken cancellationToken);

    Task<IReadOnlyList<WebhookEndpoint>> List(CancellationToken cancellationToken);

    void Store(WebhookEndpoint endpoint);

    /// <summary>Removes the endpoint and its deliveries.</summary>
    void Delete(string endpointId);
}

/// <summary>Resolves a webhook URL's host and says why it may not be called (null = allowed).</summary>
public interface IWebhookTargets
{
    Task<string?> Refusal(Uri url, bool testMode, CancellationToken cancellationToken);
}

/// <summary>The delivery log of the caller's tenant (the dispatcher writes it; these reads and nudges commit at once).</summary>
public interface IWebhookDeliveries
{
    Task<WebhookDeliveryPage> List(string endpointId, WebhookDeliveryStatus? status, string? cursor, int limit, CancellationToken cancellationToken);

    /// <summary>Makes the delivery due now (whatever its status); null when the tenant has no such delivery.</summary>
    Task<WebhookDelivery?> Retry(string deliveryId, CancellationToken cancellationToken);

    /// <summary>Queues one delivery of <paramref name="body"/> to the endpoint, outside any appointment's order.</summary>
    Task<WebhookDelivery> Enqueue(WebhookEndpoint endpoint, string eventId, string eventType, string body, CancellationToken cancellationToken);
}

/// <summary>
/// The wire bodies of webhook events, written by the edge that owns the representations (the same JSON as the API's
/// responses): the appointment as of an event, and the test event.
/// </summary>
public interface IWebhookPayloads
{
    string AppointmentEvent(string eventId, string eventType, Instant createdAt, Appointment appointment);

    string TestEvent(string eventId, string endpointId, Instant createdAt);
}

/// <summary>
/// How long a rotated-out secret keeps signing beside the new one: the contract's 24 h
/// (<see cref="WebhookEndpoint.RotationOverlap"/>), scaled by configuration only so tests can cross it in seconds.
/// </summary>
public sealed record WebhookRotationPolicy(Duration Overlap)
{
    public static readonly WebhookRotationPolicy Contract = new(WebhookEndpoint.RotationOverlap);
}

public enum WebhookDeliveryStatus
{
    Pending,
    Delivered,
    Failed,
}

public sealed record WebhookDeliveryAttempt(Instant At, int? StatusCode, long DurationMs, string? Error);

public sealed record WebhookDelivery(
    string Id,
    string EndpointId,
    string EventId,
    string EventType,
    WebhookDeliveryStatus Status,
    Instant CreatedAt,
    Instant? NextAttemptAt,
    IReadOnlyList<WebhookDeliveryAttempt> Attempts);

public sealed record WebhookDeliveryPage(IReadOnlyList<WebhookDelivery> Data, string? NextCursor);

public static class WebhookEvents
{
    public const string EventIdPrefix = "evt_";
    public const string DeliveryIdPrefix = "whd_";
    public const string TestType = "webhook.test";
}

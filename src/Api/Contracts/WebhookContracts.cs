using NodaTime;
using Scheduling.Api.OpenApi;
using Scheduling.Application.Common.Validation;
using Scheduling.Application.Webhooks;
using Scheduling.Application.Webhooks.Create;
using Scheduling.Application.Webhooks.Update;
using Scheduling.Domain.Webhooks;

namespace Scheduling.Api.Contracts;

/// <summary>Body of <c>POST /v1/webhooks/endpoints</c>; <c>events</c> omitted or empty = every type.</summary>
public sealed record CreateWebhookEndpointRequest(
    [property: Text(WebhookUrl.MaxLength, NotBlank = true, Rule = "absolute-http-url")] string? Url,
    [property: Items(WebhookEndpoint.MaxEvents), EventType] IReadOnlyList<string?>? Events,
    [property: Text(WebhookEndpoint.MaxDescriptionLength)] string? Description)
{
    public CreateWebhookEndpoint ToCommand()
    {
        var required = new RequiredFields();
        return required.Complete(new CreateWebhookEndpoint(
            required.Get(Url, "url"),
            Events is null ? null : [.. Events.Select((type, i) => required.Get(type, $"events[{i}]"))],
            Description));
    }
}

/// <summary>Body of <c>PATCH /v1/webhooks/endpoints/{id}</c>: members left out stay as they are.</summary>
public sealed record UpdateWebhookEndpointRequest(
    [property: Text(WebhookUrl.MaxLength, NotBlank = true, Rule = "absolute-http-url")] string? Url,
    [property: Items(WebhookEndpoint.MaxEvents), EventType] IReadOnlyList<string?>? Events,
    bool? Enabled,
    [property: Text(WebhookEndpoint.MaxDescriptionLength)] string? Description)
{
    public UpdateWebhookEndpoint ToCommand(string endpointId)
    {
        var required = new RequiredFields();
        return required.Complete(new UpdateWebhookEndpoint(
            endpointId,
            Url,
            Events is null ? null : [.. Events.Select((type, i) => required.Get(type, $"events[{i}]"))],
            Enabled,
            Description));
    }
}

/// <summary>An endpoint as <c>GET</c> shows it: never a secret.</summary>
public sealed record WebhookEndpointResponse(string Id, string Url, IReadOnlyList<string> Events, string? Description, bool Enabled, Instant CreatedAt)
{
    public static WebhookEndpointResponse From(WebhookEndpoint e) => new(e.Id, e.Url, e.Events, e.Description, e.Enabled, e.CreatedAt);
}

/// <summary>Create and rotate-secret answer with the newest secret, the only times it is shown.</summary>
public sealed record WebhookEndpointWithSecretResponse(string Id, string Url, IReadOnlyList<string> Events, string? Description, bool Enabled, Instant CreatedAt, string Secret)
{
    public static WebhookEndpointWithSecretResponse From(WebhookEndpoint e) => new(e.Id, e.Url, e.Events, e.Description, e.Enabled, e.CreatedAt, e.Secrets[0].Value);
}

public sealed record WebhookEndpointListResponse(IReadOnlyList<WebhookEndpointResponse> Data);

public sealed record WebhookDeliveryAttemptResponse(Instant At, int? StatusCode, long DurationMs, string? Error);

public sealed record WebhookDeliveryResponse(
    string Id,
    string EndpointId,
    string EventId,
    string EventType,
    string Status,
    Instant CreatedAt,
    Instant? NextAttemptAt,
    IReadOnlyList<WebhookDeliveryAttemptResponse> Attempts)
{
    public static WebhookDeliveryResponse From(WebhookDelivery d) =>
        new(d.Id, d.EndpointId, d.EventId, d.EventType, d.Status.ToString().ToLowerInvariant(), d.CreatedAt, d.NextAttemptAt,
            [.. d.Attempts.Select(a => new WebhookDeliveryAttemptResponse(a.At, a.StatusCode, a.DurationMs, a.Error))]);
}

public sealed record WebhookDeliveryPageResponse(IReadOnlyList<WebhookDeliveryResponse> Data, string? NextCursor)
{
    public static WebhookDeliveryPageResponse From(WebhookDeliveryPage page) => new([.. page.Data.Select(WebhookDeliveryResponse.From)], page.NextCursor);
}

/// <summary>The body of every appointment webhook: <c>data.appointment</c> is the representation as of the event.</summary>
public sealed record AppointmentWebhookEvent(string Id, string Type, Instant CreatedAt, AppointmentWebhookData Data);

public sealed record AppointmentWebhookData(AppointmentResponse Appointment);

/// <summary>The body of <c>POST /v1/webhooks/endpoints/{id}/test</c>'s event.</summary>
public sealed record TestWebhookEvent(string Id, string Type, Instant CreatedAt, TestWebhookData Data);

public sealed record TestWebhookData(string EndpointId);

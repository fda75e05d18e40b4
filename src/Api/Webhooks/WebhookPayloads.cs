using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using NodaTime;
using Scheduling.Api.BookingPage;
using Scheduling.Api.Contracts;
using Scheduling.Application.Webhooks;
using Scheduling.Domain.Appointments;

namespace Scheduling.Api.Webhooks;

/// <summary>
/// Webhook bodies in the API's own JSON (same options, same <see cref="AppointmentResponse"/> as <c>GET</c>). The
/// outbox builds them inside the request's commit, so the request's <see cref="SchedulingLinks"/> (its tenant) gives
/// the same <c>schedulingLink</c> as <c>GET</c>; outside a request there is no tenant to sign for, and it is null.
/// </summary>
public sealed class WebhookPayloads(IOptions<JsonOptions> json, IHttpContextAccessor accessor) : IWebhookPayloads
{
    public string AppointmentEvent(string eventId, string eventType, Instant createdAt, Appointment appointment) =>
        JsonSerializer.Serialize(
            new AppointmentWebhookEvent(eventId, eventType, createdAt, new AppointmentWebhookData(AppointmentResponse.From(appointment, SchedulingLink(appointment)))),
            json.Value.SerializerOptions);

    private SchedulingLinkResponse? SchedulingLink(Appointment appointment) =>
        accessor.HttpContext?.RequestServices.GetService<SchedulingLinks>()?.For(appointment);

    public string TestEvent(string eventId, string endpointId, Instant createdAt) =>
        JsonSerializer.Serialize(new TestWebhookEvent(eventId, WebhookEvents.TestType, createdAt, new TestWebhookData(endpointId)), json.Value.SerializerOptions);
}

using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using NodaTime;
using Scheduling.Api.Contracts;
using Scheduling.Application.Webhooks;
using Scheduling.Domain.Appointments;

namespace Scheduling.Api.Webhooks;

/// <summary>Webhook bodies in the API's own JSON (same options, same <see cref="AppointmentResponse"/> as <c>GET</c>).</summary>
public sealed class WebhookPayloads(IOptions<JsonOptions> json) : IWebhookPayloads
{
    public string AppointmentEvent(string eventId, string eventType, Instant createdAt, Appointment appointment) =>
        JsonSerializer.Serialize(
            new AppointmentWebhookEvent(eventId, eventType, createdAt, new AppointmentWebhookData(AppointmentResponse.From(appointment))),
            json.Value.SerializerOptions);

    public string TestEvent(string eventId, string endpointId, Instant createdAt) =>
        JsonSerializer.Serialize(new TestWebhookEvent(eventId, WebhookEvents.TestType, createdAt, new TestWebhookData(endpointId)), json.Value.SerializerOptions);
}

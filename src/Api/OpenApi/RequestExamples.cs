using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Scheduling.Api.Contracts;
using Scheduling.Api.Development;
using Scheduling.Domain.Common;

namespace Scheduling.Api.OpenApi;

/// <summary>
/// One example per request body, keyed by the body's schema (its type), so every operation taking that body shows
/// it. Each is valid against its own schema and succeeds against <c>./run</c>'s demo data (<see cref="DemoData"/>):
/// OpenApiExampleTests checks both, so an example cannot silently go stale.
/// </summary>
internal static class RequestExamples
{
    private static readonly string Location = """{ "line1": "1 High Street", "town": "London", "postcode": "sw1a 1aa", "countryCode": "GB" }""";

    private static readonly Dictionary<string, string> Examples = new(StringComparer.Ordinal)
    {
        [nameof(RegisterPatientRequest)] = $$"""
            { "firstName": "Grace", "lastName": "Hopper", "phone": "{{PhoneNumber.Example}}", "email": "grace@example.org",
              "dateOfBirth": "1985-12-09", "nhsNumber": "9434765919", "externalRef": "crm-p-42", "address": {{Location}},
              "title": "ms", "sex": "female", "note": "Prefers mornings." }
            """,
        [nameof(PatchPatientRequest)] = """{ "lastName": "Hopper-Smith", "note": null }""",
        [nameof(OpenWindowRequest)] = $$"""
            { "taskId": "{{DemoData.TaskId}}", "start": "2031-01-07T10:00:00+01:00", "end": "2031-01-07T12:00:00+01:00", "capacity": 5 }
            """,
        [nameof(CreateAppointmentRequest)] = $$"""
            { "patientId": "{{DemoData.PatientId}}", "taskId": "{{DemoData.TaskId}}", "externalRef": "crm-123", "note": "Side door; ring twice.",
              "phone": "{{PhoneNumber.Example}}", "location": {{Location}}, "documentIds": [], "metadata": { "source": "portal", "tags": ["fasting"] } }
            """,
        [nameof(UpdateAppointmentRequest)] = """{ "note": "Ring the bell.", "externalRef": "crm-124" }""",
        [nameof(ScheduleRequest)] = $$"""{ "windowId": "{{DemoData.WindowId}}" }""",
        [nameof(RescheduleRequest)] = $$"""{ "windowId": "{{DemoData.WindowId}}" }""",
        [nameof(CancelRequest)] = """{ "causingEntity": "patient", "cancellingEntity": "organisation", "reasonCode": "patient_request", "note": "Away that week." }""",
        [nameof(CompleteRequest)] = """{ "data": { "bp": { "sys": 112, "dia": 78 } }, "note": "Sample taken." }""",
        [nameof(CreateWebhookEndpointRequest)] = """{ "url": "http://127.0.0.1:9/webhooks", "events": ["appointment.scheduled"], "description": "Demo receiver" }""",
        [nameof(UpdateWebhookEndpointRequest)] = """{ "description": "Demo receiver (renamed)", "enabled": true }""",
    };

    public static Task Transform(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        foreach (var operation in document.Paths?.Values.SelectMany(p => p.Operations?.Values ?? Enumerable.Empty<OpenApiOperation>()) ?? [])
        {
            foreach (var media in operation.RequestBody?.Content?.Values ?? [])
            {
                if (media.Schema is OpenApiSchemaReference { Reference.Id: { } id } && Examples.TryGetValue(id, out var example))
                {
                    media.Example = JsonNode.Parse(example);
                }
            }
        }

        return Task.CompletedTask;
    }
}

using System.Text.Json.Nodes;
using NodaTime;

namespace Scheduling.Api.IntegrationTests.Infrastructure;

/// <summary>
/// The one source of valid request bodies for the tests: each call returns a fresh object, and a test changes
/// only the fields it is about.
/// </summary>
public static class RequestBodies
{
    public const string ValidPhone = "+447911123456";

    /// <summary><c>POST /v1/patients</c> with only the required fields.</summary>
    public static JsonObject Patient() => new()
    {
        ["firstName"] = "Ada",
        ["lastName"] = "Lovelace",
        ["phone"] = ValidPhone,
        ["email"] = "ada@example.com",
        ["dateOfBirth"] = "1980-01-02",
    };

    /// <summary><c>POST /v1/patients</c> named <paramref name="firstName"/> <paramref name="lastName"/>, with every optional field.</summary>
    public static JsonObject FullPatient(string firstName, string lastName, string? externalRef = null)
    {
        var body = Patient();
        body["firstName"] = firstName;
        body["lastName"] = lastName;
        body["title"] = "dr";
        body["sex"] = "female";
        body["note"] = "Prefers mornings";
        body["nhsNumber"] = "9434765919";
        body["externalRef"] = externalRef ?? "crm-42";
        body["address"] = new JsonObject { ["line1"] = "2 Low Road", ["town"] = "Leeds", ["postcode"] = "ls1 1ur" };
        return body;
    }

    /// <summary><c>POST /v1/availability/windows</c>: <paramref name="length"/> (default two hours) from <paramref name="start"/>.</summary>
    public static JsonObject Window(string taskId, Instant start, int capacity = 5, Duration? length = null) => new()
    {
        ["taskId"] = taskId,
        ["start"] = ClockDates.Text(start),
        ["end"] = ClockDates.Text(start + (length ?? Duration.FromHours(2))),
        ["capacity"] = capacity,
    };

    /// <summary><c>POST /v1/appointments</c> for the patient: patient-led, or choose-a-time with <paramref name="windowId"/>.</summary>
    public static JsonObject Appointment(string patientId, string taskId = "tsk_bloodtest", string? windowId = null) => new()
    {
        ["patientId"] = patientId,
        ["taskId"] = taskId,
        ["windowId"] = windowId,
        ["phone"] = ValidPhone,
        ["location"] = new JsonObject { ["line1"] = "1 High Street", ["town"] = "London", ["postcode"] = "sw1a1aa" },
    };

    /// <summary><c>POST /v1/appointments/{id}/cancel</c>.</summary>
    public static JsonObject Cancellation(
        string causingEntity = "patient", string cancellingEntity = "organisation", string reasonCode = "patient_unavailable", string? note = null)
    {
        var body = new JsonObject { ["causingEntity"] = causingEntity, ["cancellingEntity"] = cancellingEntity, ["reasonCode"] = reasonCode };
        if (note is not null)
        {
            body["note"] = note;
        }

        return body;
    }

    /// <summary><c>POST /v1/webhooks/endpoints</c>; tests only ever pass a receiver on 127.0.0.1 or a URL the service must refuse.</summary>
    public static JsonObject WebhookEndpoint(string url, params string[] events)
    {
        var body = new JsonObject { ["url"] = url, ["description"] = "test receiver" };
        if (events.Length > 0)
        {
            body["events"] = new JsonArray([.. events.Select(e => (JsonNode)e)]);
        }

        return body;
    }

    /// <summary>The body's JSON text with a <c>metadata</c> member first, spelt exactly as <paramref name="metadataJson"/> (no re-serialising).</summary>
    public static string WithRawMetadata(JsonObject body, string metadataJson) => $"{{\"metadata\":{metadataJson},{body.ToJsonString()[1..]}";
}

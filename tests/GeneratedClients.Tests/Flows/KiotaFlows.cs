// Compiled at test time together with the Kiota client generated from the served document (see GeneratedClientTests).
// The client code is unedited. Headers the document does not model as typed parameters (Idempotency-Key, If-Match) go
// through Kiota's request configuration; response headers (ETag, Idempotent-Replayed) through its
// HeadersInspectionHandlerOption, which needs Kiota's default middleware around the HttpClient.
using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Abstractions.Serialization;
using Microsoft.Kiota.Http.HttpClientLibrary;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware.Options;
using Scheduling.Client.Kiota;
using Scheduling.Client.Kiota.Models;

namespace Scheduling.Client.Flows;

public sealed class KiotaFlows
{
    private const string Phone = "+447911123456";
    private readonly SchedulingClient client;
    private readonly Uri webhookReceiver;
    private readonly Func<DateTimeOffset> now;
    private readonly Action<TimeSpan> advanceClock;
    private readonly string tag = Check.RunTag("kiota");

    private KiotaFlows(SchedulingClient client, Uri webhookReceiver, Func<DateTimeOffset> now, Action<TimeSpan> advanceClock)
    {
        this.client = client;
        this.webhookReceiver = webhookReceiver;
        this.now = now;
        this.advanceClock = advanceClock;
    }

    public static async Task Run(
        Func<DelegatingHandler[], HttpClient> connect, Func<DelegatingHandler[], HttpClient> connectOperations, Uri webhookReceiver, Func<DateTimeOffset> now, Action<TimeSpan> advanceClock)
    {
        var flows = new KiotaFlows(Connect(connect), webhookReceiver, now, advanceClock);
        await flows.Patients();
        await flows.PatientValidationProblem();
        await flows.IdempotentReplayAndReuse();
        await flows.Windows();
        await flows.ChooseATime();
        await flows.PatientLed_ScheduleWithIfMatch_Reschedule_Patch_Complete();
        await flows.CancelTwice();
        await flows.NoShow();
        await flows.ListAppointments();
        await flows.EventFeed();
        await flows.Webhooks();
        await flows.NotFound();
        await flows.Erase(Connect(connectOperations));
    }

    private static SchedulingClient Connect(Func<DelegatingHandler[], HttpClient> connect)
    {
        var http = connect([.. KiotaClientFactory.CreateDefaultHandlers()]);
        return new SchedulingClient(new HttpClientRequestAdapter(new AnonymousAuthenticationProvider(), httpClient: http)
        {
            BaseUrl = http.BaseAddress!.ToString().TrimEnd('/'),
        });
    }

    /// <summary>Erasure (operations key): personal values replaced, year of birth kept, recorded, idempotent; a client key gets 403.</summary>
    private async Task Erase(SchedulingClient operations)
    {
        var patient = await RegisterPatient("Erin", "Marker");
        await Problem(403, "forbidden", () => client.V1.Patients[patient.Id!].Erase.PostAsync(), "erase with a client key");
        var erased = (await operations.V1.Patients[patient.Id!].Erase.PostAsync())!;
        Check.Equal(patient.Id, erased.Id, "erased patient id");
        Check.That(erased.FirstName != "Erin" && erased.LastName != "Marker", "names replaced");
        Check.That(erased.Phone != Phone, "phone replaced");
        Check.Equal(new Date(1980, 1, 1), erased.DateOfBirth, "only the year of birth kept");
        var again = (await operations.V1.Patients[patient.Id!].Erase.PostAsync())!;
        Check.Equal(erased.LastName, again.LastName, "erasing again changes nothing");
        var history = await client.V1.Patients[patient.Id!].Events.GetAsync();
        Check.Equal(1, history!.Count(e => e.Type == "patient.erased"), "one patient.erased event");
        await Problem(404, "patient_not_found", () => operations.V1.Patients["p_missing"].Erase.PostAsync(), "erase an unknown patient");
    }

    private async Task Patients()
    {
        var created = await RegisterPatient("Ada", "Lovelace");
        Check.That(created.Id?.StartsWith("p_", StringComparison.Ordinal) == true, "created patient has a p_ id");
        Check.Equal(new Date(1980, 1, 2), created.DateOfBirth, "created dateOfBirth");
        var fetched = await client.V1.Patients[created.Id!].GetAsync();
        Check.Equal(created.Id, fetched?.Id, "fetched patient id");
        Check.Equal(new Date(1980, 1, 2), fetched!.DateOfBirth, "fetched dateOfBirth");

        // PATCH (merge patch): only the fields sent change.
        var patched = await client.V1.Patients[created.Id!].PatchAsync(new PatchPatientRequest { LastName = "King", Note = "prefers mornings" });
        Check.Equal("King", patched?.LastName, "patched lastName");
        Check.Equal("prefers mornings", patched!.Note, "patched note");
        Check.Equal("Ada", patched.FirstName, "firstName kept");
        var history = await client.V1.Patients[created.Id!].Events.GetAsync();
        Check.Sequence(["patient.registered", "patient.updated"], history!.Select(e => e.Type), "the patient's events");

        // List with filters, paged with a cursor to the end: newest first, every page within the limit, no repeats.
        var second = await RegisterPatient("Grace", "Hopper");
        var third = await RegisterPatient("Mary", "Somerville");
        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var page = await client.V1.Patients.GetAsync(c =>
            {
                c.QueryParameters.Filter = [$"externalRef~\"{tag}\""];
                c.QueryParameters.Limit = 2;
                c.QueryParameters.Cursor = cursor;
            });
            Check.That(page!.Data!.Count <= 2, "a patient page holds at most 'limit' items");
            seen.AddRange(page.Data.Select(p => p.Id!));
            cursor = page.NextCursor;
        }
        while (cursor is not null);
        Check.Sequence([third.Id, second.Id, created.Id], seen, "patients of this run, newest first, across pages");

        var byName = await client.V1.Patients.GetAsync(c => c.QueryParameters.Filter = [$"externalRef~\"{tag}\"", "name~\"hopp\""]);
        Check.Sequence([second.Id], byName!.Data!.Select(p => p.Id), "patients filtered by name");
    }

    private async Task PatientValidationProblem()
    {
        var problem = await Problem(400, "validation_failed", () => client.V1.Patients.PostAsync(new RegisterPatientRequest
        {
            FirstName = "Ada", LastName = "Lovelace", Phone = "07911123456", Email = "ada@example.com", DateOfBirth = new Date(1980, 1, 2),
        }), "a bad phone");
        Check.That(problem.Errors?.AdditionalData.ContainsKey("phone") == true, "problem errors name 'phone'");
        Check.That(!string.IsNullOrEmpty(problem.Message) && problem.Message == problem.Detail, "the exception message is the problem's detail");
    }

    private async Task IdempotentReplayAndReuse()
    {
        var key = Check.NewKey();
        var body = NewPatient("Emmy", "Noether");
        var first = await client.V1.Patients.PostAsync(body, c => c.Headers.Add("Idempotency-Key", key));
        var inspect = new HeadersInspectionHandlerOption { InspectResponseHeaders = true };
        var replay = await client.V1.Patients.PostAsync(body, c =>
        {
            c.Headers.Add("Idempotency-Key", key);
            c.Options.Add(inspect);
        });
        Check.Equal(first!.Id, replay!.Id, "a replay returns the same patient");
        Check.Equal("true", Header(inspect, "Idempotent-Replayed"), "Idempotent-Replayed header");

        var changed = NewPatient("Emmy", "Noether");
        changed.Note = "a different body";
        await Problem(422, "idempotency_key_reused", () => client.V1.Patients.PostAsync(changed, c => c.Headers.Add("Idempotency-Key", key)), "same key, different body");
    }

    private async Task Windows()
    {
        var window = await OpenWindow(new DateTimeOffset(2031, 1, 7, 10, 0, 0, TimeSpan.FromHours(1)), capacity: 2);
        Check.Equal(new DateTimeOffset(2031, 1, 7, 9, 0, 0, TimeSpan.Zero), window.Start, "window start in UTC");
        Check.Equal(new DateTimeOffset(2031, 1, 7, 11, 0, 0, TimeSpan.Zero), window.End, "window end in UTC");
        Check.Equal(2, window.Capacity, "window capacity");

        var available = await client.V1.Availability.GetAsync(c =>
        {
            c.QueryParameters.TaskId = "tsk_bloodtest";
            c.QueryParameters.From = new Date(2031, 1, 7);
            c.QueryParameters.To = new Date(2031, 1, 7);
        });
        var listed = available!.Data!.SingleOrDefault(w => w.Id == window.Id);
        Check.That(listed is not null, "the window is listed as available");
        Check.Equal(2, listed!.Remaining, "a new window's remaining places");
    }

    private async Task ChooseATime()
    {
        var patient = await RegisterPatient("Ada", "Lovelace");
        var window = await OpenWindow(new DateTimeOffset(2031, 1, 8, 10, 0, 0, TimeSpan.FromHours(1)));
        var appointment = await Create(patient.Id!, window.Id);
        Check.Equal(AppointmentStatus.Scheduled, appointment.Status, "choose-a-time status");
        Check.Equal(SchedulingMode.Choose_a_time, appointment.SchedulingMode, "scheduling mode");
        Check.Equal(window.Start, appointment.Window?.Start, "appointment window start");
        Check.Equal("SW1A 1AA", appointment.Location?.Postcode, "postcode normalised");
        Check.That(appointment.SchedulingLink is null, "no scheduling link once scheduled");
        var read = await client.V1.Appointments[appointment.Id!].GetAsync();
        Check.Equal(appointment.Id, read?.Id, "fetched appointment id");
    }

    private async Task PatientLed_ScheduleWithIfMatch_Reschedule_Patch_Complete()
    {
        var patient = await RegisterPatient("Ada", "Lovelace");
        var created = await Create(patient.Id!, windowId: null);
        Check.Equal(AppointmentStatus.Scheduling, created.Status, "patient-led status");
        Check.Equal(SchedulingMode.Patient_led, created.SchedulingMode, "patient-led mode");
        Check.That(created.SchedulingLink?.Url?.Contains("/book/", StringComparison.Ordinal) == true, "the booking page link is readable");
        Check.That(created.SchedulingLink!.ExpiresAt > now(), "the booking page link expires in the future");

        var reissued = await client.V1.Appointments[created.Id!].SchedulingLink.PostAsync();
        Check.That(reissued!.SchedulingLink?.Url is { } url && url != created.SchedulingLink.Url, "a fresh scheduling link replaces the first");

        // GET carries ETag: "<version>"; a lifecycle POST with a stale If-Match is refused, with the current one it runs.
        var inspect = new HeadersInspectionHandlerOption { InspectResponseHeaders = true };
        await client.V1.Appointments[created.Id!].GetAsync(c => c.Options.Add(inspect));
        var etag = Header(inspect, "ETag");
        Check.Equal($"\"{reissued!.Version}\"", etag, "ETag is the version");
        var first = await OpenWindow(new DateTimeOffset(2031, 1, 9, 9, 0, 0, TimeSpan.Zero));
        await Problem(412, "precondition_failed", () => client.V1.Appointments[created.Id!].Schedule.PostAsync(
            new ScheduleRequest { WindowId = first.Id }, c => c.Headers.Add("If-Match", "\"99\"")), "schedule with a stale If-Match");
        var scheduled = await client.V1.Appointments[created.Id!].Schedule.PostAsync(new ScheduleRequest { WindowId = first.Id }, c => c.Headers.Add("If-Match", etag!));
        Check.Equal(AppointmentStatus.Scheduled, scheduled!.Status, "scheduled");
        Check.Equal(first.Id, scheduled.Window?.Id, "scheduled into the window");

        var next = await OpenWindow(new DateTimeOffset(2031, 1, 10, 9, 0, 0, TimeSpan.Zero));
        var rescheduled = await client.V1.Appointments[created.Id!].Reschedule.PostAsync(new RescheduleRequest { WindowId = next.Id });
        Check.Equal(next.Id, rescheduled!.Window?.Id, "rescheduled into the new window");

        var patched = await client.V1.Appointments[created.Id!].PatchAsync(new UpdateAppointmentRequest { Note = "ring twice", ExternalRef = $"{tag}-patched" });
        Check.Equal("ring twice", patched!.Note, "patched note");
        Check.Equal($"{tag}-patched", patched.ExternalRef, "patched externalRef");
        Check.Equal(Phone, patched.Phone, "phone kept");

        var data = new CompleteRequest_data();
        data.AdditionalData["bp"] = new UntypedObject(new Dictionary<string, UntypedNode> { ["sys"] = new UntypedInteger(112), ["dia"] = new UntypedInteger(78) });
        var completed = await client.V1.Appointments[created.Id!].Complete.PostAsync(new CompleteRequest { Data = data, Note = "all well" });
        Check.Equal(AppointmentStatus.Completed, completed!.Status, "completed");
        var bp = completed.Data?.AdditionalData["bp"] as UntypedObject;
        Check.Equal(112, (bp?.GetValue()["sys"] as UntypedInteger)?.GetValue(), "results data returned as given");

        // The audit trail: every event, oldest first, with the API key as actor and the request's trace id.
        var events = await client.V1.Appointments[created.Id!].Events.GetAsync();
        Check.Sequence(
            ["appointment.created", "appointment.scheduling_link_issued", "appointment.scheduled", "appointment.rescheduled", "appointment.updated", "appointment.completed"],
            events!.Select(e => e.Type), "the appointment's events");
        Check.That(events.All(e => e.Actor?.Kind == ActorKind.Api_key && !string.IsNullOrEmpty(e.Actor.KeyId)), "every event's actor is the API key");
        Check.That(events.All(e => e.CorrelationId?.Length == 32), "every event carries the request's trace id");

        // The appointment as it was: by version, and at an instant.
        var asCreated = await client.V1.Appointments[created.Id!].GetAsync(c => c.QueryParameters.Version = 1);
        Check.Equal(AppointmentStatus.Scheduling, asCreated!.Status, "?version=1 is the appointment as created");
        var beforeReschedule = events[3].OccurredAt!.Value.AddMilliseconds(-1);
        var asScheduled = await client.V1.Appointments[created.Id!].GetAsync(c => c.QueryParameters.AsOf = beforeReschedule);
        Check.Equal(first.Id, asScheduled!.Window?.Id, "?asOf= just before the reschedule is the appointment in its first window");
    }

    private async Task CancelTwice()
    {
        var patient = await RegisterPatient("Ada", "Lovelace");
        var appointment = await Create(patient.Id!, (await OpenWindow(new DateTimeOffset(2031, 1, 11, 9, 0, 0, TimeSpan.Zero))).Id);
        var cancel = new CancelRequest { CausingEntity = CancellationParty.Patient, CancellingEntity = CancellationParty.Organisation, ReasonCode = "patient_request", Note = "moved away" };
        var cancelled = await client.V1.Appointments[appointment.Id!].Cancel.PostAsync(cancel);
        Check.Equal(AppointmentStatus.Cancelled, cancelled!.Status, "cancelled");
        Check.Equal("patient_request", cancelled.Cancellation?.ReasonCode, "cancellation reason");
        Check.Equal(false, cancelled.Cancellation?.Chargeable, "not chargeable more than 24 h ahead");
        await Problem(409, "already_cancelled", () => client.V1.Appointments[appointment.Id!].Cancel.PostAsync(cancel), "a second cancel");
    }

    private async Task NoShow()
    {
        var patient = await RegisterPatient("Ada", "Lovelace");
        var window = await OpenWindow(now().AddHours(1));
        var appointment = await Create(patient.Id!, window.Id);
        await Problem(409, "window_not_started", () => client.V1.Appointments[appointment.Id!].NoShow.PostAsync(), "a no-show before the window starts");
        advanceClock(TimeSpan.FromHours(2));
        var noShow = await client.V1.Appointments[appointment.Id!].NoShow.PostAsync();
        Check.Equal(AppointmentStatus.No_show, noShow!.Status, "no-show");
    }

    private async Task ListAppointments()
    {
        var patient = await RegisterPatient("Ada", "Lovelace");
        var since = Check.Rfc3339(now());
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((await Create(patient.Id!, windowId: null)).Id!);
        }

        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var page = await client.V1.Appointments.GetAsync(c =>
            {
                c.QueryParameters.Filter = [$"externalRef~\"{tag}\"", "status:\"scheduling\"", $"createdAt>=\"{since}\""];
                c.QueryParameters.Limit = 2;
                c.QueryParameters.Cursor = cursor;
            });
            Check.That(page!.Data!.Count <= 2, "an appointment page holds at most 'limit' items");
            Check.That(page.Data.All(a => a.Status == AppointmentStatus.Scheduling), "only the filtered status");
            seen.AddRange(page.Data.Select(a => a.Id!));
            cursor = page.NextCursor;
        }
        while (cursor is not null);
        ids.Reverse();
        Check.Sequence(ids, seen, "this run's appointments since 'since', newest first, across pages");
    }

    private async Task EventFeed()
    {
        var from = now();
        var patient = await RegisterPatient("Ada", "Lovelace");
        var created = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            created.Add((await Create(patient.Id!, windowId: null)).Id!);
        }

        var to = now().AddSeconds(1);
        var seen = new List<EventResponse>();
        await Check.Eventually(async () =>
        {
            seen.Clear();
            string? cursor = null;
            bool more;
            do
            {
                var page = await client.V1.Events.GetAsync(c =>
                {
                    c.QueryParameters.Type = "appointment.created";
                    c.QueryParameters.From = from;
                    c.QueryParameters.To = to;
                    c.QueryParameters.Limit = 2;
                    c.QueryParameters.Cursor = cursor;
                });
                Check.That(page!.Data!.Count <= 2, "an event page holds at most 'limit' items");
                seen.AddRange(page.Data);
                cursor = page.NextCursor;
                more = page.HasMore == true;
            }
            while (more);
            return seen.Count >= 3;
        }, "the feed serves the run's events", TimeSpan.FromSeconds(45));
        Check.That(seen.All(e => e.Type == "appointment.created"), "only the filtered type");
        Check.Sequence(created, seen.Select(e => e.StreamId), "the created events in commit order, across pages");
        Check.That(seen.All(e => e.Actor?.Kind == ActorKind.Api_key && e.CorrelationId?.Length == 32), "feed events carry actor and correlation id");
    }

    private async Task Webhooks()
    {
        var endpoint = await client.V1.Webhooks.Endpoints.PostAsync(new CreateWebhookEndpointRequest
        {
            Url = webhookReceiver.ToString(), Events = ["appointment.cancelled"], Description = tag,
        });
        Check.That(endpoint!.Id?.StartsWith("whe_", StringComparison.Ordinal) == true, "endpoint id");
        Check.That(endpoint.Secret?.StartsWith("whsec_", StringComparison.Ordinal) == true, "the secret is returned on create");

        var listed = await client.V1.Webhooks.Endpoints.GetAsync();
        Check.That(listed!.Data!.Any(e => e.Id == endpoint.Id), "the endpoint is listed");
        var fetched = await client.V1.Webhooks.Endpoints[endpoint.Id!].GetAsync();
        Check.Equal(tag, fetched!.Description, "fetched description");

        var patched = await client.V1.Webhooks.Endpoints[endpoint.Id!].PatchAsync(new UpdateWebhookEndpointRequest { Description = $"{tag}-patched", Events = ["appointment.cancelled", "appointment.completed"] });
        Check.Equal($"{tag}-patched", patched!.Description, "patched description");
        Check.Equal(2, patched.Events?.Count, "patched events");

        var rotated = await client.V1.Webhooks.Endpoints[endpoint.Id!].RotateSecret.PostAsync();
        Check.That(rotated!.Secret?.StartsWith("whsec_", StringComparison.Ordinal) == true && rotated.Secret != endpoint.Secret, "rotate-secret returns a new secret");

        var test = await client.V1.Webhooks.Endpoints[endpoint.Id!].Test.PostAsync();
        Check.Equal("webhook.test", test!.EventType, "the test delivery's event type");
        await Check.Eventually(async () => (await Delivery(endpoint.Id!, test.Id!))?.Attempts?.Count >= 1, "the test event is sent");
        var sent = await Delivery(endpoint.Id!, test.Id!);
        Check.Equal("delivered", sent!.Status, "the test delivery succeeded");
        Check.Equal(200, sent.Attempts![0].StatusCode, "the receiver's answer is logged");

        var retried = await client.V1.Webhooks.Deliveries[test.Id!].Retry.PostAsync();
        Check.Equal(test.Id, retried!.Id, "retry is the same delivery");
        await Check.Eventually(async () => (await Delivery(endpoint.Id!, test.Id!))?.Attempts?.Count >= 2, "the manual retry is sent");

        await client.V1.Webhooks.Endpoints[endpoint.Id!].DeleteAsync();
        await Problem(404, "webhook_endpoint_not_found", () => client.V1.Webhooks.Endpoints[endpoint.Id!].GetAsync(), "a deleted endpoint");
    }

    private async Task NotFound()
    {
        await Problem(404, "appointment_not_found", () => client.V1.Appointments["apt_missing"].GetAsync(), "an unknown appointment");
        await Problem(404, "patient_not_found", () => client.V1.Patients["p_missing"].GetAsync(), "an unknown patient");
    }

    private async Task<WebhookDeliveryResponse?> Delivery(string endpointId, string deliveryId)
    {
        var page = await client.V1.Webhooks.Endpoints[endpointId].Deliveries.GetAsync();
        return page!.Data!.SingleOrDefault(d => d.Id == deliveryId);
    }

    private RegisterPatientRequest NewPatient(string firstName, string lastName) => new()
    {
        FirstName = firstName, LastName = lastName, Phone = Phone, Email = "patient@example.com", DateOfBirth = new Date(1980, 1, 2), ExternalRef = $"{tag}-{Guid.NewGuid():N}",
    };

    private async Task<PatientResponse> RegisterPatient(string firstName, string lastName) =>
        (await client.V1.Patients.PostAsync(NewPatient(firstName, lastName)))!;

    private async Task<WindowResponse> OpenWindow(DateTimeOffset start, int capacity = 1) =>
        (await client.V1.Availability.Windows.PostAsync(new OpenWindowRequest { TaskId = "tsk_bloodtest", Start = start, End = start.AddHours(2), Capacity = capacity }))!;

    private async Task<AppointmentResponse> Create(string patientId, string? windowId) =>
        (await client.V1.Appointments.PostAsync(new CreateAppointmentRequest
        {
            PatientId = patientId, TaskId = "tsk_bloodtest", WindowId = windowId, Phone = Phone, ExternalRef = tag,
            Location = new AddressRequest { Line1 = "1 High Street", Town = "London", Postcode = "sw1a 1aa" },
        }))!;

    /// <summary>The call fails with the typed problem Kiota maps the status to, carrying this status and code.</summary>
    private static async Task<ProblemDetails> Problem(int status, string code, Func<Task> call, string what)
    {
        var problem = await Check.Throws<ProblemDetails>(call, what);
        Check.Equal(status, problem.Status, $"{what}: problem status");
        Check.Equal(code, problem.Code, $"{what}: problem code");
        Check.Equal(status, problem.ResponseStatusCode, $"{what}: HTTP status");
        return problem;
    }

    private static string? Header(HeadersInspectionHandlerOption inspect, string name) =>
        inspect.ResponseHeaders.TryGetValue(name, out var values) ? string.Join(",", values) : null;
}

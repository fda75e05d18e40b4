using System.Net;
using System.Text.Json.Nodes;
using NodaTime;
using Scheduling.Api.IntegrationTests.Infrastructure;

namespace Scheduling.Api.IntegrationTests.Appointments;

[Collection(ApiCollection.Name)]
public sealed class LifecycleTests(ApiFixture fixture)
{
    private readonly ApiClient api = fixture.Client();

    private static JsonObject CancelBody() => RequestBodies.Cancellation(note: "Patient in hospital");

    private async Task<string> PatientLed(string taskId = "tsk_bloodtest")
    {
        var patientId = await api.CreatePatient();
        return (await api.CreateAppointment(RequestBodies.Appointment(patientId, taskId))).AssertStatus(HttpStatusCode.Created).Json!["id"]!.GetValue<string>();
    }

    private async Task<int> Remaining(string taskId, string windowId, Instant start)
    {
        var day = ClockDates.Day(start);
        var listed = await api.Get($"/v1/availability?taskId={taskId}&from={day}&to={day}");
        var window = listed.Json!["data"]!.AsArray().SingleOrDefault(w => w!["id"]!.GetValue<string>() == windowId);
        return window?["remaining"]!.GetValue<int>() ?? 0;
    }

    [Fact]
    public async Task Schedule_PatientLed_TakesTheWindowAndAPlace()
    {
        var id = await PatientLed();
        var start = fixture.Clock.InDays(9);
        var windowId = await api.OpenWindow("tsk_bloodtest", start, capacity: 3);

        var scheduled = (await api.Post($"/v1/appointments/{id}/schedule", new { windowId })).AssertStatus(HttpStatusCode.OK);

        Assert.Equal("scheduled", scheduled.Json!["status"]!.GetValue<string>());
        Assert.Equal("patient_led", scheduled.Json["schedulingMode"]!.GetValue<string>());
        Assert.Equal(windowId, scheduled.Json["window"]!["id"]!.GetValue<string>());
        Assert.Equal(2, scheduled.Json["version"]!.GetValue<long>());
        Assert.Equal(2, await Remaining("tsk_bloodtest", windowId, start));
    }

    [Fact]
    public async Task Schedule_WhenAlreadyScheduled_Is409InvalidStatus()
    {
        var id = await PatientLed();
        var windowId = await api.OpenWindow("tsk_bloodtest", fixture.Clock.InDays(9));
        (await api.Post($"/v1/appointments/{id}/schedule", new { windowId })).AssertStatus(HttpStatusCode.OK);

        (await api.Post($"/v1/appointments/{id}/schedule", new { windowId })).AssertProblem(HttpStatusCode.Conflict, "invalid_status");
    }

    [Fact]
    public async Task Schedule_AppliesTheWindowRules()
    {
        var id = await PatientLed();
        var otherTask = await api.OpenWindow("tsk_preop", fixture.Clock.InDays(9));
        var started = await api.OpenWindow("tsk_bloodtest", fixture.Clock.FromNow(-Duration.FromMinutes(1)));
        var full = await api.OpenWindow("tsk_bloodtest", fixture.Clock.InDays(9), capacity: 1);
        (await api.Post($"/v1/appointments/{await PatientLed()}/schedule", new { windowId = full })).AssertStatus(HttpStatusCode.OK);

        (await api.Post($"/v1/appointments/{id}/schedule", new { windowId = "win_nope" })).AssertProblem(HttpStatusCode.UnprocessableEntity, "window_not_found");
        (await api.Post($"/v1/appointments/{id}/schedule", new { windowId = otherTask })).AssertProblem(HttpStatusCode.UnprocessableEntity, "window_task_mismatch");
        (await api.Post($"/v1/appointments/{id}/schedule", new { windowId = started })).AssertProblem(HttpStatusCode.UnprocessableEntity, "window_in_past");
        (await api.Post($"/v1/appointments/{id}/schedule", new { windowId = full })).AssertProblem(HttpStatusCode.Conflict, "window_full");
        (await api.Post($"/v1/appointments/{id}/schedule", new { })).AssertFieldError("windowId");
        (await api.Get($"/v1/appointments/{id}")).AssertStatus(HttpStatusCode.OK);
        Assert.Equal("scheduling", (await api.Get($"/v1/appointments/{id}")).Json!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Cancel_FreesTheWindowPlace_AndOnlyOnce()
    {
        var patientId = await api.CreatePatient();
        var start = fixture.Clock.InDays(11);
        var windowId = await api.OpenWindow("tsk_bloodtest", start, capacity: 1);
        var id = (await api.CreateAppointment(RequestBodies.Appointment(patientId, windowId: windowId))).Json!["id"]!.GetValue<string>();
        Assert.Equal(0, await Remaining("tsk_bloodtest", windowId, start));

        var cancelled = (await api.Post($"/v1/appointments/{id}/cancel", CancelBody())).AssertStatus(HttpStatusCode.OK);

        Assert.Equal("cancelled", cancelled.Json!["status"]!.GetValue<string>());
        var cancellation = cancelled.Json["cancellation"]!;
        Assert.Equal("patient", cancellation["causingEntity"]!.GetValue<string>());
        Assert.Equal("organisation", cancellation["cancellingEntity"]!.GetValue<string>());
        Assert.Equal("patient_unavailable", cancellation["reasonCode"]!.GetValue<string>());
        Assert.Equal("Patient in hospital", cancellation["note"]!.GetValue<string>());
        Assert.Equal(1, await Remaining("tsk_bloodtest", windowId, start));

        (await api.Post($"/v1/appointments/{id}/cancel", CancelBody())).AssertProblem(HttpStatusCode.Conflict, "already_cancelled");
        Assert.Equal(1, await Remaining("tsk_bloodtest", windowId, start));
    }

    [Theory]
    [InlineData("causingEntity", "clinic")]
    [InlineData("cancellingEntity", null)]
    [InlineData("reasonCode", "Patient Unavailable")]
    [InlineData("reasonCode", "")]
    public async Task Cancel_WithBrokenFields_Is400(string field, string? value)
    {
        var id = await PatientLed();
        var body = CancelBody();
        body[field] = value;
        (await api.Post($"/v1/appointments/{id}/cancel", body)).AssertFieldError(field);
    }

    [Fact]
    public async Task Complete_OnlyFromScheduled_AndNeverCancelledAfter()
    {
        var unscheduled = await PatientLed();
        (await api.Send(HttpMethod.Post, $"/v1/appointments/{unscheduled}/complete")).AssertProblem(HttpStatusCode.Conflict, "invalid_status");

        var patientId = await api.CreatePatient();
        var windowId = await api.OpenWindow("tsk_bloodtest", fixture.Clock.InDays(12));
        var id = (await api.CreateAppointment(RequestBodies.Appointment(patientId, windowId: windowId))).Json!["id"]!.GetValue<string>();

        var completed = (await api.Send(HttpMethod.Post, $"/v1/appointments/{id}/complete")).AssertStatus(HttpStatusCode.OK);
        Assert.Equal("completed", completed.Json!["status"]!.GetValue<string>());
        Assert.Equal(3, completed.Json["version"]!.GetValue<long>());

        (await api.Post($"/v1/appointments/{id}/cancel", CancelBody())).AssertProblem(HttpStatusCode.Conflict, "invalid_status");
    }

    [Fact]
    public async Task Commands_OnUnknownOrForeignAppointments_Are404()
    {
        var id = await PatientLed();
        var other = fixture.Client(DemoKeys.OtherTest);
        (await other.Post($"/v1/appointments/{id}/cancel", CancelBody())).AssertProblem(HttpStatusCode.NotFound, "appointment_not_found");
        (await other.Send(HttpMethod.Post, $"/v1/appointments/{id}/complete")).AssertProblem(HttpStatusCode.NotFound, "appointment_not_found");
        (await other.Post($"/v1/appointments/{id}/schedule", new { windowId = "win_x" })).AssertProblem(HttpStatusCode.NotFound, "appointment_not_found");
        (await other.Get($"/v1/appointments/{id}/events")).AssertProblem(HttpStatusCode.NotFound, "appointment_not_found");
        (await api.Post("/v1/appointments/apt_nope/cancel", CancelBody())).AssertProblem(HttpStatusCode.NotFound, "appointment_not_found");
    }

    [Fact]
    public async Task Events_AreTheAuditTrailOldestFirst()
    {
        var patientId = await api.CreatePatient();
        var windowId = await api.OpenWindow("tsk_bloodtest", fixture.Clock.InDays(13));
        var id = (await api.CreateAppointment(RequestBodies.Appointment(patientId, windowId: windowId))).Json!["id"]!.GetValue<string>();
        (await api.Post($"/v1/appointments/{id}/cancel", CancelBody())).AssertStatus(HttpStatusCode.OK);

        var events = (await api.Get($"/v1/appointments/{id}/events")).AssertStatus(HttpStatusCode.OK).Json!.AsArray();

        Assert.Equal(["appointment.created", "appointment.scheduled", "appointment.cancelled"], events.Select(e => e!["type"]!.GetValue<string>()));
        Assert.Equal([1L, 2L, 3L], events.Select(e => e!["version"]!.GetValue<long>()));
        Assert.All(events, e => Assert.EndsWith("Z", e!["occurredAt"]!.GetValue<string>(), StringComparison.Ordinal));
        Assert.Equal(patientId, events[0]!["data"]!["patientId"]!.GetValue<string>());
        Assert.Equal(windowId, events[1]!["data"]!["windowId"]!.GetValue<string>());
        Assert.Equal("patient_unavailable", events[2]!["data"]!["reasonCode"]!.GetValue<string>());
        Assert.Equal(windowId, events[2]!["data"]!["releasedWindowId"]!.GetValue<string>());

        // A window id is not an appointment: its stream is never exposed here.
        (await api.Get($"/v1/appointments/{windowId}/events")).AssertProblem(HttpStatusCode.NotFound, "appointment_not_found");
    }

    [Fact]
    public async Task RacingCommands_OnOneAppointment_ExactlyOneTransitionWins()
    {
        for (var round = 0; round < 5; round++)
        {
            var patientId = await api.CreatePatient();
            var windowId = await api.OpenWindow("tsk_bloodtest", fixture.Clock.InDays(14), capacity: 10);
            var id = (await api.CreateAppointment(RequestBodies.Appointment(patientId, windowId: windowId))).AssertStatus(HttpStatusCode.Created).Json!["id"]!.GetValue<string>();

            var racers = new[]
            {
                fixture.Client().Post($"/v1/appointments/{id}/cancel", CancelBody()),
                fixture.Client().Send(HttpMethod.Post, $"/v1/appointments/{id}/complete"),
                fixture.Client().Post($"/v1/appointments/{id}/cancel", CancelBody()),
                fixture.Client().Send(HttpMethod.Post, $"/v1/appointments/{id}/complete"),
            };
            var results = await Task.WhenAll(racers);

            Assert.Equal(1, results.Count(r => r.Status == HttpStatusCode.OK));
            Assert.All(results.Where(r => r.Status != HttpStatusCode.OK), r => Assert.Equal(HttpStatusCode.Conflict, r.Status));
            var events = (await api.Get($"/v1/appointments/{id}/events")).Json!.AsArray();
            Assert.Equal(3, events.Count);
            var read = (await api.Get($"/v1/appointments/{id}")).Json!;
            Assert.Equal(3, read["version"]!.GetValue<long>());
            Assert.Equal(events[2]!["type"]!.GetValue<string>() == "appointment.cancelled" ? "cancelled" : "completed", read["status"]!.GetValue<string>());
        }
    }
}

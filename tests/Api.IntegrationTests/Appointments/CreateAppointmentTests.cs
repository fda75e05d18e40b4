using System.Net;
using System.Text.Json.Nodes;
using NodaTime;
using NodaTime.Text;
using Scheduling.Api.IntegrationTests.Infrastructure;

namespace Scheduling.Api.IntegrationTests.Appointments;

[Collection(ApiCollection.Name)]
public sealed class CreateAppointmentTests(ApiFixture fixture)
{
    private readonly ApiClient api = fixture.Client();

    [Fact]
    public async Task PatientLed_Returns201WithLocationAndTheStoredAppointment()
    {
        var patientId = await api.CreatePatient();
        var body = RequestBodies.Appointment(patientId);
        body["externalRef"] = "ext-patient-led";
        body["note"] = "Ring the bell twice";

        var created = (await api.CreateAppointment(body)).AssertStatus(HttpStatusCode.Created);

        var json = created.Json!;
        var id = json["id"]!.GetValue<string>();
        Assert.StartsWith("apt_", id, StringComparison.Ordinal);
        Assert.Equal($"/v1/appointments/{id}", created.Headers.Location?.OriginalString);
        Assert.Equal("scheduling", json["status"]!.GetValue<string>());
        Assert.Equal("standard", json["type"]!.GetValue<string>());
        Assert.Equal("patient_led", json["schedulingMode"]!.GetValue<string>());
        Assert.Equal(patientId, json["patient"]!["id"]!.GetValue<string>());
        Assert.Null(json["window"]);
        Assert.Equal("SW1A 1AA", json["location"]!["postcode"]!.GetValue<string>());
        Assert.Equal("GB", json["location"]!["countryCode"]!.GetValue<string>());
        Assert.Equal(RequestBodies.ValidPhone, json["phone"]!.GetValue<string>());
        Assert.Equal(1, json["version"]!.GetValue<long>());

        var read = (await api.Get($"/v1/appointments/{id}")).AssertStatus(HttpStatusCode.OK);
        Assert.True(JsonNode.DeepEquals(json, read.Json), $"GET differs from the create response:\n{created.Body}\n{read.Body}");
    }

    [Fact]
    public async Task CreatedAt_ComesFromTheServicesClock()
    {
        var patientId = await api.CreatePatient();
        var before = fixture.Clock.GetCurrentInstant();

        var created = (await api.CreateAppointment(RequestBodies.Appointment(patientId))).AssertStatus(HttpStatusCode.Created);

        var createdAt = InstantPattern.ExtendedIso.Parse(created.Json!["createdAt"]!.GetValue<string>()).Value;
        Assert.InRange(createdAt, before, fixture.Clock.GetCurrentInstant());
    }

    [Fact]
    public async Task ChooseATime_SchedulesIntoTheWindowAndTakesAPlace()
    {
        var patientId = await api.CreatePatient();
        var start = fixture.Clock.InDays(3);
        var windowId = await api.OpenWindow("tsk_bloodtest", start, capacity: 2);

        var created = (await api.CreateAppointment(RequestBodies.Appointment(patientId, windowId: windowId))).AssertStatus(HttpStatusCode.Created);

        var json = created.Json!;
        Assert.Equal("scheduled", json["status"]!.GetValue<string>());
        Assert.Equal("choose_a_time", json["schedulingMode"]!.GetValue<string>());
        Assert.Equal(windowId, json["window"]!["id"]!.GetValue<string>());
        Assert.Equal(2, json["version"]!.GetValue<long>());

        var day = ClockDates.Day(start);
        var availability = (await api.Get($"/v1/availability?taskId=tsk_bloodtest&from={day}&to={day}")).AssertStatus(HttpStatusCode.OK);
        var window = availability.Json!["data"]!.AsArray().Single(w => w!["id"]!.GetValue<string>() == windowId)!;
        Assert.Equal(1, window["remaining"]!.GetValue<int>());
    }

    [Fact]
    public async Task Metadata_IsReturnedExactlyAsGiven()
    {
        var patientId = await api.CreatePatient();
        const string metadata = """{"z":1,"a":{"list":[1,2.50,"x"],"nested":{"deep":true}},"b":null}""";
        var body = RequestBodies.WithRawMetadata(RequestBodies.Appointment(patientId), metadata);

        var created = (await api.PostRaw("/v1/appointments", body)).AssertStatus(HttpStatusCode.Created);
        var read = await api.Get($"/v1/appointments/{created.Json!["id"]!.GetValue<string>()}");

        Assert.Contains($"\"metadata\":{metadata}", created.Body, StringComparison.Ordinal);
        Assert.Contains($"\"metadata\":{metadata}", read.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scheduled_WithinPlan_IsCreatedWithPlanDates()
    {
        var patientId = await api.CreatePatient();
        var body = RequestBodies.Appointment(patientId, "tsk_preop");
        body["planFrom"] = fixture.Clock.LondonDate(1);
        body["planTo"] = fixture.Clock.LondonDate(8);

        var created = (await api.CreateAppointment(body)).AssertStatus(HttpStatusCode.Created);

        Assert.Equal("scheduled", created.Json!["type"]!.GetValue<string>());
        Assert.Equal(fixture.Clock.LondonDate(1), created.Json["planFrom"]!.GetValue<string>());
        Assert.Equal(fixture.Clock.LondonDate(8), created.Json["planTo"]!.GetValue<string>());
    }

    [Fact]
    public async Task Scheduled_ShorterThanTheTasksMinimum_Is400NamingTheMinimum()
    {
        var patientId = await api.CreatePatient();
        var body = RequestBodies.Appointment(patientId, "tsk_preop");
        body["planFrom"] = fixture.Clock.LondonDate(1);
        body["planTo"] = fixture.Clock.LondonDate(7);

        var response = (await api.CreateAppointment(body)).AssertFieldError("planTo");
        Assert.Contains("7 days", response.Json!["errors"]!["planTo"]![0]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-1, 8, "planFrom")]
    [InlineData(5, 2, "planTo")]
    [InlineData(2, null, "planTo")]
    [InlineData(null, 9, "planFrom")]
    public async Task Scheduled_WithBrokenPlanDates_Is400(int? fromDays, int? toDays, string field)
    {
        var patientId = await api.CreatePatient();
        var body = RequestBodies.Appointment(patientId, "tsk_preop");
        body["planFrom"] = fromDays is null ? null : fixture.Clock.LondonDate(fromDays.Value);
        body["planTo"] = toDays is null ? null : fixture.Clock.LondonDate(toDays.Value);

        (await api.CreateAppointment(body)).AssertFieldError(field);
    }

    [Fact]
    public async Task Scheduled_ForATaskWithoutPermission_Is422()
    {
        var patientId = await api.CreatePatient();
        var body = RequestBodies.Appointment(patientId, "tsk_bloodtest");
        body["planFrom"] = fixture.Clock.LondonDate(1);
        body["planTo"] = fixture.Clock.LondonDate(20);

        (await api.CreateAppointment(body)).AssertProblem(HttpStatusCode.UnprocessableEntity, "scheduled_not_enabled");
    }

    [Fact]
    public async Task Scheduled_WithAWindowOutsideThePlan_Is422AndTakesNoPlace()
    {
        var patientId = await api.CreatePatient();
        var windowId = await api.OpenWindow("tsk_preop", fixture.Clock.InDays(20), capacity: 1);
        var body = RequestBodies.Appointment(patientId, "tsk_preop", windowId);
        body["planFrom"] = fixture.Clock.LondonDate(1);
        body["planTo"] = fixture.Clock.LondonDate(10);

        (await api.CreateAppointment(body)).AssertProblem(HttpStatusCode.UnprocessableEntity, "window_outside_plan");

        // The place was not taken: a standard booking still fits.
        (await api.CreateAppointment(RequestBodies.Appointment(patientId, "tsk_preop", windowId))).AssertStatus(HttpStatusCode.Created);
    }

    [Fact]
    public async Task UnknownPatient_Is422()
    {
        (await api.CreateAppointment(RequestBodies.Appointment("p_doesnotexist"))).AssertProblem(HttpStatusCode.UnprocessableEntity, "patient_not_found");
    }

    [Fact]
    public async Task UnknownPatient_PatientLed_StoresNothing()
    {
        var body = RequestBodies.Appointment("p_doesnotexist");
        body["externalRef"] = "ext-unknown-patient-led";

        (await api.CreateAppointment(body)).AssertProblem(HttpStatusCode.UnprocessableEntity, "patient_not_found");

        // The check ran in the commit's batch: the stream and read model it would have written were rolled back.
        var listed = (await api.Get("/v1/appointments?filter=externalRef:%22ext-unknown-patient-led%22")).AssertStatus(HttpStatusCode.OK);
        Assert.Empty(listed.Json!["data"]!.AsArray());
    }

    [Fact]
    public async Task UnknownPatient_WithAWindow_Is422AndTakesNoPlace()
    {
        var windowId = await api.OpenWindow("tsk_bloodtest", fixture.Clock.InDays(3), capacity: 1);
        var body = RequestBodies.Appointment("p_doesnotexist", windowId: windowId);
        body["externalRef"] = "ext-unknown-patient-window";

        (await api.CreateAppointment(body)).AssertProblem(HttpStatusCode.UnprocessableEntity, "patient_not_found");

        var listed = (await api.Get("/v1/appointments?filter=externalRef:%22ext-unknown-patient-window%22")).AssertStatus(HttpStatusCode.OK);
        Assert.Empty(listed.Json!["data"]!.AsArray());
        // The window's only place is still free.
        var patientId = await api.CreatePatient();
        (await api.CreateAppointment(RequestBodies.Appointment(patientId, windowId: windowId))).AssertStatus(HttpStatusCode.Created);
    }

    [Fact]
    public async Task UnknownPatient_AndUnknownWindow_ReportsThePatientFirst()
    {
        // Rule order: patient (422) before window (422), although the patient check normally rides in the commit.
        (await api.CreateAppointment(RequestBodies.Appointment("p_doesnotexist", windowId: "win_doesnotexist")))
            .AssertProblem(HttpStatusCode.UnprocessableEntity, "patient_not_found");
    }

    [Fact]
    public async Task UnknownTask_Is422()
    {
        var patientId = await api.CreatePatient();
        (await api.CreateAppointment(RequestBodies.Appointment(patientId, "tsk_unknown"))).AssertProblem(HttpStatusCode.UnprocessableEntity, "task_not_found");
    }

    [Fact]
    public async Task UnknownWindow_Is422()
    {
        var patientId = await api.CreatePatient();
        (await api.CreateAppointment(RequestBodies.Appointment(patientId, windowId: "win_doesnotexist")))
            .AssertProblem(HttpStatusCode.UnprocessableEntity, "window_not_found");
    }

    [Fact]
    public async Task WindowOfAnotherTask_Is422()
    {
        var patientId = await api.CreatePatient();
        var windowId = await api.OpenWindow("tsk_preop", fixture.Clock.InDays(2));
        (await api.CreateAppointment(RequestBodies.Appointment(patientId, "tsk_bloodtest", windowId)))
            .AssertProblem(HttpStatusCode.UnprocessableEntity, "window_task_mismatch");
    }

    [Fact]
    public async Task WindowAlreadyStarted_Is422()
    {
        var patientId = await api.CreatePatient();
        var windowId = await api.OpenWindow("tsk_bloodtest", fixture.Clock.FromNow(-Duration.FromMinutes(5)));
        (await api.CreateAppointment(RequestBodies.Appointment(patientId, windowId: windowId)))
            .AssertProblem(HttpStatusCode.UnprocessableEntity, "window_in_past");
    }

    [Fact]
    public async Task FullWindow_Is409()
    {
        var patientId = await api.CreatePatient();
        var windowId = await api.OpenWindow("tsk_bloodtest", fixture.Clock.InDays(4), capacity: 1);
        (await api.CreateAppointment(RequestBodies.Appointment(patientId, windowId: windowId))).AssertStatus(HttpStatusCode.Created);

        (await api.CreateAppointment(RequestBodies.Appointment(patientId, windowId: windowId))).AssertProblem(HttpStatusCode.Conflict, "window_full");
    }

    [Fact]
    public async Task Documents_AreKeptWhenTheOrganisationEnablesThem()
    {
        var patientId = await api.CreatePatient();
        var body = RequestBodies.Appointment(patientId);
        body["documentIds"] = new JsonArray("doc_a1", "doc_b2");

        var created = (await api.CreateAppointment(body)).AssertStatus(HttpStatusCode.Created);
        Assert.Equal(["doc_a1", "doc_b2"], created.Json!["documentIds"]!.AsArray().Select(d => d!.GetValue<string>()));
    }

    [Fact]
    public async Task Documents_AreRefusedWhenTheOrganisationDisablesThem()
    {
        var other = fixture.Client(DemoKeys.OtherTest);
        var patientId = await other.CreatePatient();
        var body = RequestBodies.Appointment(patientId);
        body["documentIds"] = new JsonArray("doc_a1");

        (await other.CreateAppointment(body)).AssertProblem(HttpStatusCode.UnprocessableEntity, "documents_not_enabled");
    }

    [Theory]
    [InlineData("phone", "07911123456")]
    [InlineData("phone", "+447700900123")]
    [InlineData("patientId", "pat_123")]
    [InlineData("taskId", "tsk_")]
    [InlineData("windowId", "win_bad-id")]
    public async Task BrokenField_Is400KeyedByItsPath(string field, string value)
    {
        var body = RequestBodies.Appointment("p_someone");
        body[field] = value;
        (await api.CreateAppointment(body)).AssertFieldError(field);
    }

    [Theory]
    [InlineData("postcode", "12345")]
    [InlineData("countryCode", "FR")]
    [InlineData("town", "")]
    public async Task BrokenAddress_Is400KeyedByItsPath(string field, string value)
    {
        var body = RequestBodies.Appointment("p_someone");
        body["location"]![field] = value;
        (await api.CreateAppointment(body)).AssertFieldError($"location.{field}");
    }

    [Fact]
    public async Task TooLongTextsAndBadDocumentIds_Are400WithEveryError()
    {
        var body = RequestBodies.Appointment("p_someone");
        body["externalRef"] = new string('r', 257);
        body["note"] = new string('n', 2001);
        body["documentIds"] = new JsonArray("doc_1", "doc_2", "doc_1", "file_9");

        var response = await api.CreateAppointment(body);

        response.AssertFieldError("externalRef").AssertFieldError("note").AssertFieldError("documentIds[2]").AssertFieldError("documentIds[3]");
    }

    [Fact]
    public async Task MetadataTooDeepOrNotAnObject_Is400()
    {
        var deep = "{\"a\":" + string.Concat(Enumerable.Repeat("{\"a\":", 10)) + "1" + new string('}', 11);
        var tooDeep = RequestBodies.WithRawMetadata(RequestBodies.Appointment("p_someone"), deep);
        (await api.PostRaw("/v1/appointments", tooDeep)).AssertFieldError("metadata");

        var array = RequestBodies.Appointment("p_someone");
        array["metadata"] = new JsonArray(1, 2);
        (await api.CreateAppointment(array)).AssertFieldError("metadata");
    }

    [Fact]
    public async Task UnknownAppointment_Is404()
    {
        (await api.Get("/v1/appointments/apt_doesnotexist")).AssertProblem(HttpStatusCode.NotFound, "appointment_not_found");
    }
}

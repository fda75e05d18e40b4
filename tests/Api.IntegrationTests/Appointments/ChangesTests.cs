using System.Net;
using System.Text.Json.Nodes;
using NodaTime;
using Scheduling.Api.IntegrationTests.Infrastructure;

namespace Scheduling.Api.IntegrationTests.Appointments;

/// <summary>Appointments after creation: merge patch, ETag/If-Match, reschedule, results, no-show, chargeable cancellation.</summary>
[Collection(ApiCollection.Name)]
public sealed class ChangesTests(ApiFixture fixture)
{
    private readonly ApiClient api = fixture.Client();

    private async Task<JsonNode> Created(string? windowId = null)
    {
        var patientId = await api.CreatePatient();
        return (await api.CreateAppointment(RequestBodies.Appointment(patientId, windowId: windowId))).AssertStatus(HttpStatusCode.Created).Json!;
    }

    private static string Id(JsonNode appointment) => appointment["id"]!.GetValue<string>();

    private async Task<JsonArray> Trail(string id) => (await api.Get($"/v1/appointments/{id}/events")).AssertStatus(HttpStatusCode.OK).Json!.AsArray();

    private async Task<int> Remaining(string windowId, Instant start)
    {
        var day = ClockDates.Day(start);
        var listed = await api.Get($"/v1/availability?taskId=tsk_bloodtest&from={day}&to={day}");
        return listed.Json!["data"]!.AsArray().SingleOrDefault(w => w!["id"]!.GetValue<string>() == windowId)?["remaining"]!.GetValue<int>() ?? 0;
    }

    // ---- PATCH ----

    [Fact]
    public async Task Patch_ChangesOnlyTheGivenFields_AndTheTrailHoldsOnlyThose()
    {
        var id = Id(await Created());

        var patched = (await api.Patch($"/v1/appointments/{id}", """{"phone":"+447911123457","note":"Side door","externalRef":null}""")).AssertStatus(HttpStatusCode.OK);

        Assert.Equal(("+447911123457", "Side door", 2L), (patched.Json!["phone"]!.GetValue<string>(), patched.Json["note"]!.GetValue<string>(), patched.Json["version"]!.GetValue<long>()));
        Assert.Equal("\"2\"", patched.Headers.ETag?.ToString());
        var updated = (await Trail(id)).Last()!;
        Assert.Equal("appointment.updated", updated["type"]!.GetValue<string>());
        var changes = updated["data"]!["changes"]!.AsObject();
        Assert.Equal(["note", "phone"], changes.Select(p => p.Key).Order()); // externalRef was already null: not a change
        var read = (await api.Get($"/v1/appointments/{id}")).AssertStatus(HttpStatusCode.OK);
        Assert.True(JsonNode.DeepEquals(patched.Json, read.Json));
    }

    [Fact]
    public async Task Patch_ThatChangesNothing_AppendsNothing()
    {
        var id = Id(await Created());

        var patched = (await api.Patch($"/v1/appointments/{id}", $$"""{"phone":"{{RequestBodies.ValidPhone}}","documentIds":[]}""")).AssertStatus(HttpStatusCode.OK);

        Assert.Equal(1, patched.Json!["version"]!.GetValue<long>());
        Assert.Single(await Trail(id));
    }

    [Fact]
    public async Task Patch_NullClearsMetadataAndLocationIsReplacedWhole()
    {
        var patientId = await api.CreatePatient();
        var body = RequestBodies.WithRawMetadata(RequestBodies.Appointment(patientId), """{"a":1}""");
        var id = Id((await api.PostRaw("/v1/appointments", body)).AssertStatus(HttpStatusCode.Created).Json!);

        var patched = (await api.Patch($"/v1/appointments/{id}", """{"metadata":null,"location":{"line1":"2 Low Road","town":"Leeds","postcode":"ls1 4dy"}}""")).AssertStatus(HttpStatusCode.OK);

        Assert.Null(patched.Json!["metadata"]);
        Assert.Equal(("2 Low Road", "LS1 4DY"), (patched.Json["location"]!["line1"]!.GetValue<string>(), patched.Json["location"]!["postcode"]!.GetValue<string>()));
        Assert.Null(patched.Json["location"]!["line2"]);
    }

    [Theory]
    [InlineData("""{"status":"completed"}""", "status")]
    [InlineData("""{"patientId":"p_other"}""", "patientId")]
    [InlineData("""{"phone":null}""", "phone")]
    [InlineData("""{"location":null}""", "location")]
    [InlineData("""{"phone":"0791"}""", "phone")]
    [InlineData("""{"location":{"line1":"1 Road","town":"X","postcode":"nope"}}""", "location.postcode")]
    [InlineData("""{"documentIds":["doc_1","doc_1"]}""", "documentIds[1]")]
    [InlineData("""{"note":5}""", "note")]
    [InlineData("""{"metadata":[1]}""", "metadata")]
    public async Task Patch_WithAFieldItCannotTake_Is400NamingIt(string patch, string field)
    {
        var id = Id(await Created());

        (await api.Patch($"/v1/appointments/{id}", patch)).AssertFieldError(field);

        Assert.Single(await Trail(id));
    }

    [Fact]
    public async Task Patch_AfterCancellation_Is409AndUnknownIs404()
    {
        var id = Id(await Created());
        (await api.Post($"/v1/appointments/{id}/cancel", RequestBodies.Cancellation())).AssertStatus(HttpStatusCode.OK);

        (await api.Patch($"/v1/appointments/{id}", """{"note":"x"}""")).AssertProblem(HttpStatusCode.Conflict, "invalid_status");
        (await api.Patch("/v1/appointments/apt_doesnotexist", """{"note":"x"}""")).AssertProblem(HttpStatusCode.NotFound, "appointment_not_found");
    }

    // ---- ETag / If-Match ----

    [Fact]
    public async Task IfMatch_StaleVersion_Is412AndChangesNothing_CurrentVersionSucceeds()
    {
        var id = Id(await Created());
        var read = (await api.Get($"/v1/appointments/{id}")).AssertStatus(HttpStatusCode.OK);
        Assert.Equal("\"1\"", read.Headers.ETag?.ToString());
        (await api.Patch($"/v1/appointments/{id}", """{"note":"first"}""", ifMatch: "\"1\"")).AssertStatus(HttpStatusCode.OK);

        (await api.Patch($"/v1/appointments/{id}", """{"note":"second"}""", ifMatch: "\"1\"")).AssertProblem(HttpStatusCode.PreconditionFailed, "precondition_failed");
        (await api.Send(HttpMethod.Post, $"/v1/appointments/{id}/cancel", RequestBodies.Cancellation().ToJsonString(), ifMatch: "\"1\""))
            .AssertProblem(HttpStatusCode.PreconditionFailed, "precondition_failed");
        (await api.Send(HttpMethod.Post, $"/v1/appointments/{id}/cancel", RequestBodies.Cancellation().ToJsonString(), ifMatch: "garbage"))
            .AssertProblem(HttpStatusCode.PreconditionFailed, "precondition_failed");

        var current = (await api.Get($"/v1/appointments/{id}")).AssertStatus(HttpStatusCode.OK);
        Assert.Equal(("first", "scheduling", 2L), (current.Json!["note"]!.GetValue<string>(), current.Json["status"]!.GetValue<string>(), current.Json["version"]!.GetValue<long>()));
        (await api.Send(HttpMethod.Post, $"/v1/appointments/{id}/cancel", RequestBodies.Cancellation().ToJsonString(), ifMatch: "\"2\"")).AssertStatus(HttpStatusCode.OK);
    }

    // ---- Reschedule ----

    [Fact]
    public async Task Reschedule_MovesThePlace_OldReleasedNewTaken()
    {
        var fromStart = fixture.Clock.InDays(11);
        var toStart = fixture.Clock.InDays(12);
        var from = await api.OpenWindow("tsk_bloodtest", fromStart, capacity: 2);
        var to = await api.OpenWindow("tsk_bloodtest", toStart, capacity: 2);
        var id = Id(await Created(from));

        var moved = (await api.Post($"/v1/appointments/{id}/reschedule", new { windowId = to })).AssertStatus(HttpStatusCode.OK);

        Assert.Equal((to, "scheduled", 3L), (moved.Json!["window"]!["id"]!.GetValue<string>(), moved.Json["status"]!.GetValue<string>(), moved.Json["version"]!.GetValue<long>()));
        Assert.Equal((2, 1), (await Remaining(from, fromStart), await Remaining(to, toStart)));
        var rescheduled = (await Trail(id)).Last()!;
        Assert.Equal("appointment.rescheduled", rescheduled["type"]!.GetValue<string>());
        Assert.Equal((from, to), (rescheduled["data"]!["fromWindowId"]!.GetValue<string>(), rescheduled["data"]!["toWindowId"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Reschedule_RefusalsLeaveBothWindowsAndTheAppointmentAsTheyWere()
    {
        var fromStart = fixture.Clock.InDays(13);
        var from = await api.OpenWindow("tsk_bloodtest", fromStart, capacity: 2);
        var full = await api.OpenWindow("tsk_bloodtest", fixture.Clock.InDays(14), capacity: 1);
        await Created(full);
        var id = Id(await Created(from));
        var patientLed = Id(await Created());

        (await api.Post($"/v1/appointments/{id}/reschedule", new { windowId = full })).AssertProblem(HttpStatusCode.Conflict, "window_full");
        (await api.Post($"/v1/appointments/{id}/reschedule", new { windowId = from })).AssertProblem(HttpStatusCode.UnprocessableEntity, "same_window");
        (await api.Post($"/v1/appointments/{id}/reschedule", new { windowId = "win_nope" })).AssertProblem(HttpStatusCode.UnprocessableEntity, "window_not_found");
        (await api.Post($"/v1/appointments/{id}/reschedule", new { windowId = "bad id" })).AssertFieldError("windowId");
        (await api.Post($"/v1/appointments/{patientLed}/reschedule", new { windowId = from })).AssertProblem(HttpStatusCode.Conflict, "invalid_status");

        Assert.Equal(1, await Remaining(from, fromStart));
        var current = (await api.Get($"/v1/appointments/{id}")).AssertStatus(HttpStatusCode.OK);
        Assert.Equal((from, 2L), (current.Json!["window"]!["id"]!.GetValue<string>(), current.Json["version"]!.GetValue<long>()));
    }

    [Fact]
    public async Task ConcurrentReschedules_IntoCFreePlaces_ExactlyCSucceed_AndEachOldPlaceIsReturnedOnce()
    {
        const int movers = 6, capacity = 3;
        var sourceStart = fixture.Clock.InDays(15);
        var source = await api.OpenWindow("tsk_bloodtest", sourceStart, capacity: movers);
        var targetStart = fixture.Clock.InDays(16);
        var target = await api.OpenWindow("tsk_bloodtest", targetStart, capacity: capacity);
        var ids = new List<string>();
        for (var i = 0; i < movers; i++)
        {
            ids.Add(Id(await Created(source)));
        }

        var results = await Task.WhenAll(ids.Select(id => fixture.Client().Post($"/v1/appointments/{id}/reschedule", new { windowId = target })));

        Assert.Equal(capacity, results.Count(r => r.Status == HttpStatusCode.OK));
        Assert.All(results.Where(r => r.Status != HttpStatusCode.OK), r => r.AssertProblem(HttpStatusCode.Conflict, "window_full"));
        Assert.Equal((capacity, 0), (await Remaining(source, sourceStart), await Remaining(target, targetStart)));
    }

    [Fact]
    public async Task RescheduleRacingCancel_OneWins_AndThePlacesAddUp()
    {
        for (var round = 0; round < 5; round++)
        {
            var fromStart = fixture.Clock.InDays(17 + round);
            var from = await api.OpenWindow("tsk_bloodtest", fromStart, capacity: 1);
            var toStart = fixture.Clock.InDays(30 + round);
            var to = await api.OpenWindow("tsk_bloodtest", toStart, capacity: 1);
            var id = Id(await Created(from));

            var results = await Task.WhenAll(
                fixture.Client().Post($"/v1/appointments/{id}/reschedule", new { windowId = to }),
                fixture.Client().Post($"/v1/appointments/{id}/cancel", RequestBodies.Cancellation()));

            var state = (await api.Get($"/v1/appointments/{id}")).Json!["status"]!.GetValue<string>();
            var (rescheduled, cancelled) = (results[0].Status == HttpStatusCode.OK, results[1].Status == HttpStatusCode.OK);
            Assert.True(rescheduled || cancelled, "neither command won");
            if (rescheduled && cancelled)
            {
                // Serialised rather than raced: the cancel came second and released the new place.
                Assert.Equal("cancelled", state);
                Assert.Equal((1, 1), (await Remaining(from, fromStart), await Remaining(to, toStart)));
                continue;
            }

            Assert.Equal(HttpStatusCode.Conflict, rescheduled ? results[1].Status : results[0].Status);
            Assert.Equal(rescheduled ? "scheduled" : "cancelled", state);
            Assert.Equal(rescheduled ? (1, 0) : (1, 1), (await Remaining(from, fromStart), await Remaining(to, toStart)));
        }
    }

    // ---- Complete with results, no-show, chargeable ----

    [Fact]
    public async Task Complete_WithResults_ReturnsThemByteForByte_AndWithoutABodyToo()
    {
        var window = await api.OpenWindow("tsk_bloodtest", fixture.Clock.InDays(20), capacity: 2);
        var withResults = Id(await Created(window));
        var bare = Id(await Created(window));
        const string data = """{"bp":{"sys":112,"dia":78.50},"z":[1,"x"]}""";

        var completed = (await api.PostRaw($"/v1/appointments/{withResults}/complete", $$"""{"data":{{data}},"note":"All well"}""")).AssertStatus(HttpStatusCode.OK);
        var read = await api.Get($"/v1/appointments/{withResults}");

        Assert.Contains($"\"data\":{data}", completed.Body, StringComparison.Ordinal);
        Assert.Contains($"\"data\":{data}", read.Body, StringComparison.Ordinal);
        Assert.Equal("All well", read.Json!["note"]!.GetValue<string>());
        var bareCompleted = (await api.Send(HttpMethod.Post, $"/v1/appointments/{bare}/complete")).AssertStatus(HttpStatusCode.OK);
        Assert.Equal("completed", bareCompleted.Json!["status"]!.GetValue<string>());
        Assert.Null(bareCompleted.Json["data"]);
    }

    [Fact]
    public async Task Complete_WithBrokenResults_Is400()
    {
        var id = Id(await Created(await api.OpenWindow("tsk_bloodtest", fixture.Clock.InDays(20))));

        (await api.PostRaw($"/v1/appointments/{id}/complete", """{"data":[1,2]}""")).AssertFieldError("data");
        (await api.PostRaw($"/v1/appointments/{id}/complete", $$"""{"note":"{{new string('n', 2001)}}"}""")).AssertFieldError("note");
    }

    [Fact]
    public async Task NoShow_OnlyOnceTheWindowHasStarted_ThenListedAsNoShowAndFinal()
    {
        var start = fixture.Clock.FromNow(Duration.FromHours(1));
        var id = Id(await Created(await api.OpenWindow("tsk_bloodtest", start)));

        (await api.Send(HttpMethod.Post, $"/v1/appointments/{id}/no-show")).AssertProblem(HttpStatusCode.Conflict, "window_not_started");
        fixture.Clock.Advance(Duration.FromHours(2));

        var noShow = (await api.Send(HttpMethod.Post, $"/v1/appointments/{id}/no-show")).AssertStatus(HttpStatusCode.OK);

        Assert.Equal("no_show", noShow.Json!["status"]!.GetValue<string>());
        Assert.Equal("appointment.no_show", (await Trail(id)).Last()!["type"]!.GetValue<string>());
        var listed = (await api.Get($"/v1/appointments?filter=status:\"no_show\"&limit=100")).AssertStatus(HttpStatusCode.OK);
        Assert.Contains(listed.Json!["data"]!.AsArray(), a => a!["id"]!.GetValue<string>() == id);
        (await api.Post($"/v1/appointments/{id}/cancel", RequestBodies.Cancellation())).AssertProblem(HttpStatusCode.Conflict, "invalid_status");
        (await api.Send(HttpMethod.Post, $"/v1/appointments/{id}/no-show")).AssertProblem(HttpStatusCode.Conflict, "invalid_status");
    }

    [Theory]
    [InlineData(10, "patient", true)]
    [InlineData(10, "provider", false)]
    [InlineData(30, "patient", false)]
    public async Task Cancel_IsChargeableUnder24HoursUnlessTheProviderCausedIt(int hoursAhead, string cause, bool chargeable)
    {
        var id = Id(await Created(await api.OpenWindow("tsk_bloodtest", fixture.Clock.FromNow(Duration.FromHours(hoursAhead)))));

        var cancelled = (await api.Post($"/v1/appointments/{id}/cancel", RequestBodies.Cancellation(causingEntity: cause))).AssertStatus(HttpStatusCode.OK);

        Assert.Equal(chargeable, cancelled.Json!["cancellation"]!["chargeable"]!.GetValue<bool>());
    }
}

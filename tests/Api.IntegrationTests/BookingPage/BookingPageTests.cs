using System.Net;
using System.Text.Json.Nodes;
using NodaTime;
using NodaTime.Text;
using Scheduling.Api.IntegrationTests.Infrastructure;

namespace Scheduling.Api.IntegrationTests.BookingPage;

/// <summary>The patient booking page over HTTP: links on the representation, the pages, the same schedule command, and the link's guards.</summary>
[Collection(ApiCollection.Name)]
public sealed class BookingPageTests(ApiFixture fixture)
{
    private readonly ApiClient api = fixture.Client();

    private BookingPageClient Patient() => new(fixture.Factory);

    private async Task<JsonNode> PatientLed(JsonObject? body = null)
    {
        body ??= RequestBodies.Appointment(await api.CreatePatient());
        return (await api.CreateAppointment(body)).AssertStatus(HttpStatusCode.Created).Json!;
    }

    private static string LinkPath(JsonNode appointment) => BookingPageClient.PathOf(appointment["schedulingLink"]!["url"]!.GetValue<string>());

    [Fact]
    public async Task PatientLed_HasASchedulingLinkUntilScheduled_StandardExpiresAfter14Days()
    {
        var created = await PatientLed();
        var id = created["id"]!.GetValue<string>();
        var link = created["schedulingLink"]!;

        Assert.StartsWith("http://127.0.0.1:5080/book/", link["url"]!.GetValue<string>(), StringComparison.Ordinal);
        var createdAt = InstantPattern.ExtendedIso.Parse(created["createdAt"]!.GetValue<string>()).Value;
        Assert.Equal(createdAt + Duration.FromDays(14), InstantPattern.ExtendedIso.Parse(link["expiresAt"]!.GetValue<string>()).Value);
        var read = (await api.Get($"/v1/appointments/{id}")).AssertStatus(HttpStatusCode.OK).Json!;
        Assert.Equal(link.ToJsonString(), read["schedulingLink"]!.ToJsonString());

        var windowId = await api.OpenWindow("tsk_bloodtest", fixture.Clock.InDays(3));
        var scheduled = (await api.Post($"/v1/appointments/{id}/schedule", new { windowId })).AssertStatus(HttpStatusCode.OK).Json!;
        Assert.Null(scheduled["schedulingLink"]);
        var chooseATime = (await api.CreateAppointment(RequestBodies.Appointment(await api.CreatePatient(), windowId: windowId))).AssertStatus(HttpStatusCode.Created).Json!;
        Assert.Null(chooseATime["schedulingLink"]);
    }

    [Fact]
    public async Task ScheduledAppointment_LinkExpiresAtTheEndOfPlanTo_InTheOrganisationsZone()
    {
        var body = RequestBodies.Appointment(await api.CreatePatient(), "tsk_preop");
        body["planFrom"] = fixture.Clock.LondonDate(1);
        body["planTo"] = fixture.Clock.LondonDate(9);

        var created = await PatientLed(body);

        var planTo = LocalDatePattern.Iso.Parse(fixture.Clock.LondonDate(9)).Value;
        var endOfPlanTo = planTo.PlusDays(1).AtStartOfDayInZone(ClockDates.London).ToInstant();
        Assert.Equal(endOfPlanTo, InstantPattern.ExtendedIso.Parse(created["schedulingLink"]!["expiresAt"]!.GetValue<string>()).Value);
    }

    [Fact]
    public async Task ChooseConfirmBooked_SchedulesThroughTheSameCommand_AsTheBookingPageActor()
    {
        var created = await PatientLed();
        var id = created["id"]!.GetValue<string>();
        var firstStart = fixture.Clock.InDays(1, hour: 9);
        var first = await api.OpenWindow("tsk_bloodtest", firstStart);
        var second = await api.OpenWindow("tsk_bloodtest", fixture.Clock.InDays(2, hour: 13));
        var patient = Patient();

        var choose = (await patient.Get(LinkPath(created))).AssertStatus(HttpStatusCode.OK);
        Assert.Contains("Demo Health", choose.Text, StringComparison.Ordinal);
        Assert.Contains("Blood test", choose.Text, StringComparison.Ordinal);
        Assert.Contains("Hello Ada", choose.Text, StringComparison.Ordinal);
        var firstDay = LocalDatePattern.Create("dddd d MMMM", System.Globalization.CultureInfo.InvariantCulture).Format(firstStart.InZone(ClockDates.London).Date);
        Assert.Contains(firstDay, choose.Text, StringComparison.Ordinal);
        Assert.Contains("09:00–11:00", choose.Text, StringComparison.Ordinal);
        Assert.Contains($"value=\"{second}\"", choose.Html, StringComparison.Ordinal);
        Assert.Contains("<legend>", choose.Html, StringComparison.Ordinal);
        foreach (var personal in new[] { "Lovelace", RequestBodies.ValidPhone, "High Street", "ada@example.com", id })
        {
            Assert.DoesNotContain(personal, choose.Html, StringComparison.OrdinalIgnoreCase);
        }

        var review = (await patient.Submit(choose, $"{LinkPath(created)}/review", ("windowId", first))).AssertStatus(HttpStatusCode.OK);
        Assert.Contains($"{firstDay}, 09:00–11:00", review.Text, StringComparison.Ordinal);
        Assert.Equal("scheduling", (await api.Get($"/v1/appointments/{id}")).Json!["status"]!.GetValue<string>());

        var booked = (await patient.Submit(review, $"{LinkPath(created)}/confirm", ("windowId", first))).AssertStatus(HttpStatusCode.OK);
        Assert.Contains("Your visit is booked", booked.Text, StringComparison.Ordinal);
        Assert.Contains($"{firstDay}, 09:00–11:00", booked.Text, StringComparison.Ordinal);

        var appointment = (await api.Get($"/v1/appointments/{id}")).Json!;
        Assert.Equal("scheduled", appointment["status"]!.GetValue<string>());
        Assert.Equal(first, appointment["window"]!["id"]!.GetValue<string>());
        var last = (await api.Get($"/v1/appointments/{id}/events")).Json!.AsArray()[^1]!;
        Assert.Equal("appointment.scheduled", last["type"]!.GetValue<string>());
        Assert.Equal("booking_page", last["actor"]!["kind"]!.GetValue<string>());
    }

    [Fact]
    public async Task ConfirmTwice_IsHarmless_AndTheUsedLinkShowsAClearPage()
    {
        var created = await PatientLed();
        var id = created["id"]!.GetValue<string>();
        var windowId = await api.OpenWindow("tsk_bloodtest", fixture.Clock.InDays(4), capacity: 3);
        var patient = Patient();
        var choose = (await patient.Get(LinkPath(created))).AssertStatus(HttpStatusCode.OK);

        (await patient.Submit(choose, $"{LinkPath(created)}/confirm", ("windowId", windowId))).AssertStatus(HttpStatusCode.OK);
        var again = (await patient.Submit(choose, $"{LinkPath(created)}/confirm", ("windowId", windowId))).AssertStatus(HttpStatusCode.OK);

        Assert.Contains("Your visit is booked", again.Text, StringComparison.Ordinal);
        Assert.Equal(2, (await api.Get($"/v1/appointments/{id}/events")).Json!.AsArray().Count);
        var used = (await patient.Get(LinkPath(created))).AssertStatus(HttpStatusCode.Gone);
        Assert.Contains("already been used", used.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Ada", used.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(windowId, used.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WindowTakenMeanwhile_SaysSo_AndShowsFreshChoices()
    {
        var created = await PatientLed();
        var id = created["id"]!.GetValue<string>();
        var lastPlace = await api.OpenWindow("tsk_bloodtest", fixture.Clock.InDays(5, hour: 8), capacity: 1);
        var other = await api.OpenWindow("tsk_bloodtest", fixture.Clock.InDays(5, hour: 14), capacity: 2);
        var patient = Patient();
        var choose = (await patient.Get(LinkPath(created))).AssertStatus(HttpStatusCode.OK);
        var review = (await patient.Submit(choose, $"{LinkPath(created)}/review", ("windowId", lastPlace))).AssertStatus(HttpStatusCode.OK);

        var rival = (await PatientLed())["id"]!.GetValue<string>();
        (await api.Post($"/v1/appointments/{rival}/schedule", new { windowId = lastPlace })).AssertStatus(HttpStatusCode.OK);
        var taken = (await patient.Submit(review, $"{LinkPath(created)}/confirm", ("windowId", lastPlace))).AssertStatus(HttpStatusCode.Conflict);

        Assert.Contains("just been taken", taken.Text, StringComparison.Ordinal);
        Assert.Contains($"value=\"{other}\"", taken.Html, StringComparison.Ordinal);
        Assert.DoesNotContain($"value=\"{lastPlace}\"", taken.Html, StringComparison.Ordinal);
        Assert.Equal("scheduling", (await api.Get($"/v1/appointments/{id}")).Json!["status"]!.GetValue<string>());
        (await patient.Submit(taken, $"{LinkPath(created)}/confirm", ("windowId", other))).AssertStatus(HttpStatusCode.OK);
    }

    [Fact]
    public async Task ReissuedLink_SupersedesTheOlderOne()
    {
        var created = await PatientLed();
        var id = created["id"]!.GetValue<string>();

        var reissued = (await api.Post($"/v1/appointments/{id}/scheduling-link", new { })).AssertStatus(HttpStatusCode.OK).Json!;

        Assert.NotEqual(LinkPath(created), LinkPath(reissued));
        var old = (await Patient().Get(LinkPath(created))).AssertStatus(HttpStatusCode.Gone);
        Assert.Contains("replaced", old.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Ada", old.Text, StringComparison.Ordinal);
        (await Patient().Get(LinkPath(reissued))).AssertStatus(HttpStatusCode.OK);
        var events = (await api.Get($"/v1/appointments/{id}/events")).Json!.AsArray();
        Assert.Equal("appointment.scheduling_link_issued", events[^1]!["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task SchedulingLink_OnlyWhileScheduling_Else409()
    {
        var windowId = await api.OpenWindow("tsk_bloodtest", fixture.Clock.InDays(6));
        var booked = (await api.CreateAppointment(RequestBodies.Appointment(await api.CreatePatient(), windowId: windowId))).Json!["id"]!.GetValue<string>();

        (await api.PostRaw($"/v1/appointments/{booked}/scheduling-link", "{}")).AssertProblem(HttpStatusCode.Conflict, "invalid_status");
        (await api.PostRaw("/v1/appointments/apt_00000000000000000000000000/scheduling-link", "{}")).AssertProblem(HttpStatusCode.NotFound, "appointment_not_found");
    }

    [Fact]
    public async Task TamperedOrMadeUpLinks_Are400_WithoutAppointmentData()
    {
        var path = LinkPath(await PatientLed());
        var tampered = path[..^2] + (path[^2] == 'A' ? "B" : "A") + path[^1];

        foreach (var bad in new[] { tampered, "/book/not-a-token", "/book/" + new string('x', 600) })
        {
            var page = (await Patient().Get(bad)).AssertStatus(HttpStatusCode.BadRequest);
            Assert.Contains("This link does not work", page.Text, StringComparison.Ordinal);
            Assert.DoesNotContain("Ada", page.Text, StringComparison.Ordinal);
            Assert.DoesNotContain("Blood test", page.Text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task CancelledAppointment_LinkIs410()
    {
        var created = await PatientLed();
        (await api.Post($"/v1/appointments/{created["id"]}/cancel", RequestBodies.Cancellation())).AssertStatus(HttpStatusCode.OK);

        var page = (await Patient().Get(LinkPath(created))).AssertStatus(HttpStatusCode.Gone);

        Assert.Contains("cancelled", page.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Ada", page.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExpiredLink_Is410()
    {
        var created = await PatientLed();
        var path = LinkPath(created);
        (await Patient().Get(path)).AssertStatus(HttpStatusCode.OK);

        fixture.Clock.Advance(Duration.FromDays(14) + Duration.FromMinutes(1));

        var page = (await Patient().Get(path)).AssertStatus(HttpStatusCode.Gone);
        Assert.Contains("expired", page.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Ada", page.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Forms_WithoutTheAntiforgeryToken_Are400_AndBookNothing()
    {
        var created = await PatientLed();
        var windowId = await api.OpenWindow("tsk_bloodtest", fixture.Clock.InDays(7));
        var patient = Patient();
        (await patient.Get(LinkPath(created))).AssertStatus(HttpStatusCode.OK);

        var forged = (await patient.Post($"{LinkPath(created)}/confirm", [("windowId", windowId)])).AssertStatus(HttpStatusCode.BadRequest);
        var otherBrowser = (await Patient().Post($"{LinkPath(created)}/confirm", [("windowId", windowId), ("__af", "CfDJ8forged")])).AssertStatus(HttpStatusCode.BadRequest);

        Assert.Contains("Please try again", forged.Text, StringComparison.Ordinal);
        Assert.Contains("Please try again", otherBrowser.Text, StringComparison.Ordinal);
        Assert.Equal("scheduling", (await api.Get($"/v1/appointments/{created["id"]}")).Json!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Pages_SendTheSecurityHeaders_AndTheTokenIsNeverLogged()
    {
        var created = await PatientLed();
        var path = LinkPath(created);
        var token = path["/book/".Length..];

        var page = (await Patient().Get(path)).AssertStatus(HttpStatusCode.OK);
        (await Patient().Get(path[..^3] + "xyz")).AssertStatus(HttpStatusCode.BadRequest);

        Assert.Contains("no-store", page.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
        Assert.Equal("no-referrer", page.Headers.GetValues("Referrer-Policy").Single());
        var csp = page.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("default-src 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("form-action 'self'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("script-src", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", page.Html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("href=\"/book/assets/booking.css\"", page.Html, StringComparison.Ordinal);
        Assert.Contains(fixture.Factory.Logs.Lines, line => line.Contains("/book/{token}", StringComparison.Ordinal));
        Assert.DoesNotContain(fixture.Factory.Logs.Lines, line => line.Contains(token, StringComparison.Ordinal) || line.Contains(token[..^3], StringComparison.Ordinal));
    }

    [Fact]
    public async Task ALink_IsRateLimited_OnItsOwn()
    {
        var limited = LinkPath(await PatientLed());
        var other = LinkPath(await PatientLed());
        var patient = Patient();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 31; i++)
        {
            statuses.Add((await patient.Get(limited)).Status);
        }

        Assert.All(statuses.Take(30), s => Assert.Equal(HttpStatusCode.OK, s));
        var refused = (await patient.Get(limited)).AssertStatus(HttpStatusCode.TooManyRequests);
        Assert.Contains("Too many attempts", refused.Text, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[30]);
        (await patient.Get(other)).AssertStatus(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Stylesheet_IsServedByTheService()
    {
        var response = await fixture.Factory.CreateClient().GetAsync(new Uri("/book/assets/booking.css", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/css", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains(":focus-visible", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}

using System.Net;
using NodaTime;
using Scheduling.Api.IntegrationTests.Infrastructure;

namespace Scheduling.Api.IntegrationTests.Appointments;

[Collection(ApiCollection.Name)]
public sealed class ListAppointmentsTests(ApiFixture fixture)
{
    private readonly ApiClient api = fixture.Client();

    private async Task<List<string>> Create(string externalRef, int count, string? patientId = null)
    {
        patientId ??= await api.CreatePatient();
        var ids = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var body = RequestBodies.Appointment(patientId);
            body["externalRef"] = externalRef;
            ids.Add((await api.CreateAppointment(body)).AssertStatus(HttpStatusCode.Created).Json!["id"]!.GetValue<string>());
        }

        return ids;
    }

    private static string Filter(string expression) => $"filter={Uri.EscapeDataString(expression)}";

    private async Task<List<string>> Ids(string query) =>
        [.. (await api.Get($"/v1/appointments?{query}")).AssertStatus(HttpStatusCode.OK).Json!["data"]!.AsArray().Select(a => a!["id"]!.GetValue<string>())];

    [Fact]
    public async Task FilterByExternalRef_ReturnsOnlyThoseNewestFirst()
    {
        var reference = $"ref-{Guid.NewGuid():N}";
        var ids = await Create(reference, 3);
        await Create($"other-{Guid.NewGuid():N}", 1);

        var listed = await Ids(Filter($"externalRef:\"{reference}\""));

        Assert.Equal(Enumerable.Reverse(ids), listed);
    }

    [Fact]
    public async Task KeysetPagination_WalksEveryItemOnceWithAnOpaqueCursor()
    {
        var reference = $"page-{Guid.NewGuid():N}";
        var ids = await Create(reference, 5);
        var seen = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var query = Filter($"externalRef:\"{reference}\"") + "&limit=2" + (cursor is null ? string.Empty : $"&cursor={cursor}");
            var page = (await api.Get($"/v1/appointments?{query}")).AssertStatus(HttpStatusCode.OK).Json!;
            seen.AddRange(page["data"]!.AsArray().Select(a => a!["id"]!.GetValue<string>()));
            cursor = page["nextCursor"]?.GetValue<string>();
            pages++;
        }
        while (cursor is not null && pages < 10);

        Assert.Equal(3, pages);
        Assert.Equal(Enumerable.Reverse(ids), seen);
    }

    [Fact]
    public async Task Filters_AreAnded_AcrossStatusPatientContainsAndTimes()
    {
        var reference = $"and-{Guid.NewGuid():N}";
        var patientId = await api.CreatePatient();
        var ids = await Create(reference, 3, patientId);
        (await api.Post($"/v1/appointments/{ids[0]}/cancel", RequestBodies.Cancellation(cancellingEntity: "patient", reasonCode: "changed_mind")))
            .AssertStatus(HttpStatusCode.OK);
        var today = fixture.Clock.LondonDate(0);
        var dayAgo = ClockDates.Text(fixture.Clock.FromNow(-Duration.FromDays(1)));

        Assert.Equal([ids[0]], await Ids($"{Filter($"externalRef:\"{reference}\"")}&{Filter("status:\"cancelled\"")}"));
        Assert.Equal([ids[2], ids[1]], await Ids($"{Filter($"patient.id:\"{patientId}\"")}&{Filter("status:\"scheduling\"")}"));
        Assert.Equal(3, (await Ids($"{Filter($"externalRef~\"{reference[4..12]}\"")}&{Filter("taskId:\"tsk_bloodtest\"")}")).Count);
        Assert.Equal(3, (await Ids($"{Filter($"patient.id:\"{patientId}\"")}&{Filter("createdAt>=\"2020-01-01\"")}&{Filter($"createdAt<=\"{today}\"")}&limit=100")).Count);
        Assert.Empty(await Ids($"{Filter($"patient.id:\"{patientId}\"")}&{Filter("createdAt<\"2020-01-01\"")}"));
        Assert.Equal([ids[0]], await Ids($"{Filter($"patient.id:\"{patientId}\"")}&{Filter($"updatedAt>\"{dayAgo}\"")}&{Filter("status:\"cancelled\"")}"));
    }

    [Fact]
    public async Task OtherTenantsAppointments_AreNeverListed()
    {
        var reference = $"iso-{Guid.NewGuid():N}";
        await Create(reference, 2);
        var other = fixture.Client(DemoKeys.DemoLive);
        var listed = (await other.Get($"/v1/appointments?{Filter($"externalRef:\"{reference}\"")}")).AssertStatus(HttpStatusCode.OK);
        Assert.Empty(listed.Json!["data"]!.AsArray());
    }

    [Theory]
    [InlineData("filter=externalRef=\"abc\"", "filter")]
    [InlineData("filter=colour:\"red\"", "filter")]
    [InlineData("filter=externalRef:abc", "filter")]
    [InlineData("filter=externalRef:\"abc", "filter")]
    [InlineData("filter=externalRef:\"abc\"x", "filter")]
    [InlineData("filter=status>\"cancelled\"", "filter")]
    [InlineData("filter=status:\"lost\"", "filter")]
    [InlineData("filter=createdAt~\"2026\"", "filter")]
    [InlineData("filter=createdAt>=\"yesterday\"", "filter")]
    [InlineData("filter=externalRef>\"a\"", "filter")]
    [InlineData("filter=", "filter")]
    [InlineData("filter=externalRef:\"a\"&filter=nope:\"b\"", "filter[1]")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=101", "limit")]
    [InlineData("limit=ten", "limit")]
    [InlineData("cursor=not-a-cursor", "cursor")]
    [InlineData("cursor=WyJ2MSIsIngiLCJ5Il0", "cursor")]
    public async Task MalformedQueries_Are400NamingTheProblem(string query, string field)
    {
        (await api.Get($"/v1/appointments?{query.Replace("\"", "%22", StringComparison.Ordinal)}")).AssertFieldError(field);
    }

    [Fact]
    public async Task HostileFilterValues_AreMatchedLiterally()
    {
        var reference = $"x'; drop table scheduling.mt_events; -- %_\\\"{Guid.NewGuid():N}";
        var patientId = await api.CreatePatient();
        var body = RequestBodies.Appointment(patientId);
        body["externalRef"] = reference;
        var id = (await api.CreateAppointment(body)).AssertStatus(HttpStatusCode.Created).Json!["id"]!.GetValue<string>();
        var escaped = reference.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);

        Assert.Equal([id], await Ids(Filter($"externalRef:\"{escaped}\"")));
        Assert.Equal([id], await Ids($"{Filter($"patient.id:\"{patientId}\"")}&{Filter("externalRef~\"%_\"")}"));
        Assert.Empty(await Ids($"{Filter($"patient.id:\"{patientId}\"")}&{Filter("externalRef~\"%x%\"")}"));
    }
}

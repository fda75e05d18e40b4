using System.Net;
using NodaTime;
using Scheduling.Api.IntegrationTests.Infrastructure;

namespace Scheduling.Api.IntegrationTests.Patients;

/// <summary><c>GET /v1/patients</c>: the appointments' grammar and keyset paging over the tenant's patients.</summary>
[Collection(ApiCollection.Name)]
public sealed class ListPatientsTests(ApiFixture fixture)
{
    private readonly ApiClient api = fixture.Client();

    private static string Filter(string expression) => $"filter={Uri.EscapeDataString(expression)}";

    private static string Unique() => Guid.NewGuid().ToString("N")[..10];

    private async Task<List<string>> Ids(string query, ApiClient? client = null) =>
        [.. (await (client ?? api).Get($"/v1/patients?{query}")).AssertStatus(HttpStatusCode.OK).Json!["data"]!.AsArray().Select(a => a!["id"]!.GetValue<string>())];

    [Fact]
    public async Task NameContains_IsCaseInsensitiveOnFirstOrLastName_NewestFirst()
    {
        var tag = Unique();
        var byLast = await api.CreatePatient(RequestBodies.FullPatient("Ada", $"Lovelace{tag}"));
        var byFirst = await api.CreatePatient(RequestBodies.FullPatient($"Grace{tag}", "Hopper"));
        await api.CreatePatient(RequestBodies.FullPatient("Alan", "Turing"));

        Assert.Equal([byFirst, byLast], await Ids(Filter($"name~\"{tag.ToUpperInvariant()}\"")));
        Assert.Equal([byLast], await Ids(Filter($"name~\"ovelace{tag}\"")));
    }

    [Fact]
    public async Task NameContains_MatchesWildcardsLiterally()
    {
        var tag = Unique();
        var literal = await api.CreatePatient(RequestBodies.FullPatient("Ada", $"O_Neil%{tag}"));
        await api.CreatePatient(RequestBodies.FullPatient("Ada", $"OxNeilx{tag}"));

        Assert.Equal([literal], await Ids(Filter($"name~\"O_Neil%{tag}\"")));
    }

    [Fact]
    public async Task ExternalRef_EqualsAndContains_AndNhsNumberEquals()
    {
        var tag = Unique();
        var a = await api.CreatePatient(RequestBodies.FullPatient("Ada", "Lovelace", $"crm-{tag}-1"));
        var b = await api.CreatePatient(RequestBodies.FullPatient("Ada", "Lovelace", $"crm-{tag}-2"));

        Assert.Equal([a], await Ids(Filter($"externalRef:\"crm-{tag}-1\"")));
        Assert.Equal([b, a], await Ids(Filter($"externalRef~\"{tag}\"")));
        Assert.Empty(await Ids(Filter($"externalRef~\"{tag.ToUpperInvariant()}X\"")));
        Assert.Equal([b, a], await Ids(Filter($"externalRef~\"{tag}\"") + "&" + Filter("nhsNumber:\"9434765919\"")));
        Assert.Empty(await Ids(Filter($"externalRef~\"{tag}\"") + "&" + Filter("nhsNumber:\"4010232137\"")));
    }

    [Fact]
    public async Task CreatedAtAndUpdatedAt_FilterByTime()
    {
        var tag = Unique();
        var start = fixture.Clock.GetCurrentInstant();
        var first = await api.CreatePatient(RequestBodies.FullPatient("Ada", "Lovelace", $"t-{tag}"));
        fixture.Clock.Advance(Duration.FromMinutes(1));
        var mark = fixture.Clock.GetCurrentInstant();
        fixture.Clock.Advance(Duration.FromMinutes(1));
        var second = await api.CreatePatient(RequestBodies.FullPatient("Ada", "Lovelace", $"t-{tag}"));
        string At(Instant i) => NodaTime.Text.InstantPattern.ExtendedIso.Format(i);

        Assert.Equal([second], await Ids(Filter($"externalRef:\"t-{tag}\"") + "&" + Filter($"createdAt>=\"{At(mark)}\"")));
        Assert.Equal([first], await Ids(Filter($"externalRef:\"t-{tag}\"") + "&" + Filter($"createdAt<\"{At(mark)}\"")));

        fixture.Clock.Advance(Duration.FromMinutes(1));
        var touched = fixture.Clock.GetCurrentInstant();
        (await api.Patch($"/v1/patients/{first}", new System.Text.Json.Nodes.JsonObject { ["note"] = "seen" })).AssertStatus(HttpStatusCode.OK);
        Assert.Equal([first], await Ids(Filter($"externalRef:\"t-{tag}\"") + "&" + Filter($"updatedAt>=\"{At(touched)}\"")));
        Assert.True(start < mark);
    }

    [Fact]
    public async Task KeysetPaging_WalksEveryPatientOnce()
    {
        var tag = Unique();
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add(await api.CreatePatient(RequestBodies.FullPatient("Ada", "Lovelace", $"page-{tag}")));
        }

        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var page = (await api.Get($"/v1/patients?{Filter($"externalRef:\"page-{tag}\"")}&limit=2{(cursor is null ? string.Empty : $"&cursor={cursor}")}"))
                .AssertStatus(HttpStatusCode.OK).Json!;
            seen.AddRange(page["data"]!.AsArray().Select(a => a!["id"]!.GetValue<string>()));
            cursor = page["nextCursor"]?.GetValue<string>();
        }
        while (cursor is not null && seen.Count < 20);

        Assert.Equal(Enumerable.Reverse(ids), seen);
    }

    [Fact]
    public async Task AnotherTenantsPatients_NeverAppear()
    {
        var tag = Unique();
        await api.CreatePatient(RequestBodies.FullPatient("Ada", $"Iso{tag}", $"iso-{tag}"));
        var other = fixture.Client(DemoKeys.OtherTest);
        var live = fixture.Client(DemoKeys.DemoLive);

        Assert.Empty(await Ids(Filter($"name~\"{tag}\""), other));
        Assert.Empty(await Ids(Filter($"externalRef:\"iso-{tag}\""), other));
        Assert.Empty(await Ids(Filter($"externalRef~\"{tag}\""), live));
        Assert.Single(await Ids(Filter($"name~\"{tag}\"")));
    }

    [Theory]
    [InlineData("filter=name:%22Ada%22", "filter")]
    [InlineData("filter=nhsNumber~%22943%22", "filter")]
    [InlineData("filter=status:%22scheduled%22", "filter")]
    [InlineData("filter=name~Ada", "filter")]
    [InlineData("filter=createdAt%3E%3D%22yesterday%22", "filter")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=abc", "limit")]
    [InlineData("cursor=not-a-cursor", "cursor")]
    public async Task Malformed_Is400NamingTheProblem(string query, string key)
    {
        (await api.Get($"/v1/patients?{query}")).AssertFieldError(key);
    }
}

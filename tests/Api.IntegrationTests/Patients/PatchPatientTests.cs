using System.Net;
using System.Text.Json.Nodes;
using NodaTime;
using Scheduling.Api.IntegrationTests.Infrastructure;

namespace Scheduling.Api.IntegrationTests.Patients;

/// <summary><c>PATCH /v1/patients/{id}</c>: JSON merge patch with create's rules, and the audit trail it leaves.</summary>
[Collection(ApiCollection.Name)]
public sealed class PatchPatientTests(ApiFixture fixture)
{
    private readonly ApiClient api = fixture.Client();

    private async Task<JsonNode> Created() =>
        (await api.Post("/v1/patients", RequestBodies.FullPatient("Ada", "Lovelace"))).AssertStatus(HttpStatusCode.Created).Json!;

    [Fact]
    public async Task Patch_ChangesOnlyTheGivenFields_AndGetReturnsTheSame()
    {
        var before = await Created();
        var id = before["id"]!.GetValue<string>();
        fixture.Clock.Advance(Duration.FromMinutes(5));

        var patched = (await api.Patch($"/v1/patients/{id}", new JsonObject { ["lastName"] = "King", ["sex"] = "other" })).AssertStatus(HttpStatusCode.OK).Json!;

        Assert.Equal("King", patched["lastName"]!.GetValue<string>());
        Assert.Equal("other", patched["sex"]!.GetValue<string>());
        Assert.Equal("Ada", patched["firstName"]!.GetValue<string>());
        Assert.Equal("dr", patched["title"]!.GetValue<string>());
        Assert.Equal(before["createdAt"]!.GetValue<string>(), patched["createdAt"]!.GetValue<string>());
        Assert.NotEqual(before["updatedAt"]!.GetValue<string>(), patched["updatedAt"]!.GetValue<string>());
        Assert.Equal(patched.ToJsonString(), (await api.Get($"/v1/patients/{id}")).AssertStatus(HttpStatusCode.OK).Json!.ToJsonString());
    }

    [Fact]
    public async Task Patch_NullClearsOptionalFields()
    {
        var id = (await Created())["id"]!.GetValue<string>();

        var patched = (await api.Patch($"/v1/patients/{id}", new JsonObject
        {
            ["note"] = null, ["title"] = null, ["sex"] = null, ["nhsNumber"] = null, ["externalRef"] = null, ["address"] = null,
        })).AssertStatus(HttpStatusCode.OK).Json!;

        foreach (var field in new[] { "note", "title", "sex", "nhsNumber", "externalRef", "address" })
        {
            Assert.Null(patched[field]);
        }
    }

    [Theory]
    [InlineData("firstName")]
    [InlineData("lastName")]
    [InlineData("phone")]
    [InlineData("email")]
    [InlineData("dateOfBirth")]
    public async Task Patch_NullOnARequiredField_Is400NamingIt_AndChangesNothing(string field)
    {
        var before = await Created();
        var id = before["id"]!.GetValue<string>();

        (await api.Patch($"/v1/patients/{id}", new JsonObject { [field] = null, ["note"] = "changed" })).AssertFieldError(field);

        Assert.Equal(before.ToJsonString(), (await api.Get($"/v1/patients/{id}")).Json!.ToJsonString());
    }

    [Theory]
    [InlineData("firstName", "A")]
    [InlineData("email", "nope")]
    [InlineData("nhsNumber", "9434765918")]
    [InlineData("dateOfBirth", "2999-01-01")]
    [InlineData("phone", "+44")]
    [InlineData("title", "lord")]
    [InlineData("sex", "m")]
    public async Task Patch_BreakingCreatesRule_Is400KeyedByTheField(string field, string value)
    {
        var id = (await Created())["id"]!.GetValue<string>();
        (await api.Patch($"/v1/patients/{id}", new JsonObject { [field] = value })).AssertFieldError(field);
    }

    [Fact]
    public async Task Patch_EveryBrokenFieldIsReportedAtOnce()
    {
        var id = (await Created())["id"]!.GetValue<string>();
        var response = (await api.Patch($"/v1/patients/{id}", new JsonObject { ["firstName"] = "A", ["note"] = new string('n', 2001), ["address"] = new JsonObject { ["line1"] = "1 Road", ["town"] = "T", ["postcode"] = "bad" } }))
            .AssertFieldError("firstName");
        response.AssertFieldError("note").AssertFieldError("address.postcode");
    }

    [Fact]
    public async Task Patch_AnAddressIsReplacedAsAWholeObject()
    {
        var id = (await Created())["id"]!.GetValue<string>();

        (await api.Patch($"/v1/patients/{id}", new JsonObject { ["address"] = new JsonObject { ["town"] = "York" } })).AssertFieldError("address.line1");
        var patched = (await api.Patch($"/v1/patients/{id}", new JsonObject { ["address"] = new JsonObject { ["line1"] = "3 Mill Lane", ["town"] = "York", ["postcode"] = "yo1 7hh" } }))
            .AssertStatus(HttpStatusCode.OK).Json!;
        Assert.Equal("YO1 7HH", patched["address"]!["postcode"]!.GetValue<string>());
        Assert.Null(patched["address"]!["county"]);
    }

    [Theory]
    [InlineData("id")]
    [InlineData("createdAt")]
    [InlineData("lastname_typo")]
    public async Task Patch_AnUnknownField_Is400NamingIt(string field)
    {
        var id = (await Created())["id"]!.GetValue<string>();
        (await api.Patch($"/v1/patients/{id}", new JsonObject { [field] = "x" })).AssertFieldError(field);
    }

    [Fact]
    public async Task Patch_AcceptsApplicationJsonToo()
    {
        var id = (await Created())["id"]!.GetValue<string>();
        (await api.Patch($"/v1/patients/{id}", new JsonObject { ["note"] = "plain json" }, "application/json")).AssertStatus(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Patch_NotJson_Is415_AndMalformedJson_Is400()
    {
        var id = (await Created())["id"]!.GetValue<string>();
        (await api.Send(HttpMethod.Patch, $"/v1/patients/{id}", "note=x", "text/plain")).AssertProblem(HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
        (await api.Send(HttpMethod.Patch, $"/v1/patients/{id}", "{\"note\":", "application/merge-patch+json")).AssertProblem(HttpStatusCode.BadRequest, "malformed_json");
        (await api.Send(HttpMethod.Patch, $"/v1/patients/{id}", "[]", "application/merge-patch+json")).AssertProblem(HttpStatusCode.BadRequest, "malformed_json");
    }

    [Fact]
    public async Task Patch_UnknownPatient_Is404_AndAnotherTenantsPatientIs404()
    {
        (await api.Patch("/v1/patients/p_nobodyhere", new JsonObject { ["note"] = "x" })).AssertProblem(HttpStatusCode.NotFound, "patient_not_found");

        var id = (await Created())["id"]!.GetValue<string>();
        var other = fixture.Client(DemoKeys.OtherTest);
        (await other.Patch($"/v1/patients/{id}", new JsonObject { ["note"] = "x" })).AssertProblem(HttpStatusCode.NotFound, "patient_not_found");
        (await other.Get($"/v1/patients/{id}/events")).AssertProblem(HttpStatusCode.NotFound, "patient_not_found");
    }

    [Fact]
    public async Task AuditTrail_NamesWhoWhenAndWhichFields_NeverTheValues()
    {
        var id = (await Created())["id"]!.GetValue<string>();
        (await api.Patch($"/v1/patients/{id}", new JsonObject { ["lastName"] = "Byron", ["note"] = null })).AssertStatus(HttpStatusCode.OK);
        (await api.Patch($"/v1/patients/{id}", new JsonObject { ["lastName"] = "Byron" })).AssertStatus(HttpStatusCode.OK); // no change, no event

        var trail = (await api.Get($"/v1/patients/{id}/events")).AssertStatus(HttpStatusCode.OK);
        var entries = trail.Json!.AsArray();

        Assert.Equal(["patient.registered", "patient.updated"], entries.Select(e => e!["type"]!.GetValue<string>()));
        Assert.Equal([1L, 2L], entries.Select(e => e!["version"]!.GetValue<long>()));
        Assert.Equal(["lastName", "note"], entries[1]!["data"]!["fields"]!.AsArray().Select(f => f!.GetValue<string>()));
        Assert.Equal("api_key", entries[1]!["actor"]!["kind"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(entries[1]!["actor"]!["keyId"]!.GetValue<string>()));
        Assert.Matches("^[0-9a-f]{32}$", entries[1]!["correlationId"]!.GetValue<string>());
        Assert.DoesNotContain("Byron", trail.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("Lovelace", trail.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("Prefers mornings", trail.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(DemoKeys.DemoTest, trail.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConcurrentPatches_EachSucceedsOrIs409_AndTheTrailHasOneEventPerSuccess()
    {
        var id = (await Created())["id"]!.GetValue<string>();

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            fixture.Client().Patch($"/v1/patients/{id}", new JsonObject { ["note"] = $"note {i}" })));

        Assert.All(responses, r => Assert.True(
            r.Status == HttpStatusCode.OK || r.Code == "concurrency_conflict", $"{(int)r.Status}: {r.Body}"));
        var entries = (await api.Get($"/v1/patients/{id}/events")).AssertStatus(HttpStatusCode.OK).Json!.AsArray();
        Assert.Equal(1 + responses.Count(r => r.Status == HttpStatusCode.OK), entries.Count);
        Assert.Equal(Enumerable.Range(1, entries.Count).Select(v => (long)v), entries.Select(e => e!["version"]!.GetValue<long>()));
        var last = (await api.Get($"/v1/patients/{id}")).Json!["note"]!.GetValue<string>();
        Assert.Contains(responses.Where(r => r.Status == HttpStatusCode.OK), r => r.Json!["note"]!.GetValue<string>() == last);
    }

    [Fact]
    public async Task AuditTrail_OfAnAppointmentId_Is404()
    {
        (await api.Get("/v1/patients/apt_123/events")).AssertProblem(HttpStatusCode.NotFound, "patient_not_found");
    }
}

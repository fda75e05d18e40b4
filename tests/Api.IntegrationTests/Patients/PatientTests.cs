using System.Net;
using System.Text.Json.Nodes;
using NodaTime;
using Scheduling.Api.IntegrationTests.Infrastructure;

namespace Scheduling.Api.IntegrationTests.Patients;

[Collection(ApiCollection.Name)]
public sealed class PatientTests(ApiFixture fixture)
{
    private readonly ApiClient api = fixture.Client();

    /// <summary>A patient with every optional field too.</summary>
    private static JsonObject ValidPatient() => RequestBodies.FullPatient("Ada", "Lovelace");

    [Fact]
    public async Task Register_Returns201AndTheSamePatientOnGet()
    {
        var created = (await api.Post("/v1/patients", ValidPatient())).AssertStatus(HttpStatusCode.Created);
        var id = created.Json!["id"]!.GetValue<string>();

        Assert.StartsWith("p_", id, StringComparison.Ordinal);
        Assert.Equal($"/v1/patients/{id}", created.Headers.Location?.OriginalString);
        Assert.Equal("LS1 1UR", created.Json["address"]!["postcode"]!.GetValue<string>());

        var read = (await api.Get($"/v1/patients/{id}")).AssertStatus(HttpStatusCode.OK);
        Assert.Equal(created.Json.ToJsonString(), read.Json!.ToJsonString());
    }

    [Fact]
    public async Task Register_TitleSexNoteAndUpdatedAt_AreInTheRepresentation()
    {
        var created = (await api.Post("/v1/patients", ValidPatient())).AssertStatus(HttpStatusCode.Created).Json!;

        Assert.Equal("dr", created["title"]!.GetValue<string>());
        Assert.Equal("female", created["sex"]!.GetValue<string>());
        Assert.Equal("Prefers mornings", created["note"]!.GetValue<string>());
        Assert.Equal(created["createdAt"]!.GetValue<string>(), created["updatedAt"]!.GetValue<string>());
    }

    [Fact]
    public async Task Register_WithoutOptionalFields_HasThemNull()
    {
        var created = (await api.Post("/v1/patients", RequestBodies.Patient())).AssertStatus(HttpStatusCode.Created).Json!;

        Assert.Null(created["title"]);
        Assert.Null(created["sex"]);
        Assert.Null(created["note"]);
    }

    [Theory]
    [InlineData("firstName", "A")]
    [InlineData("lastName", null)]
    [InlineData("phone", "+44")]
    [InlineData("email", "not-an-email")]
    [InlineData("email", "a@b")]
    [InlineData("dateOfBirth", "2999-01-01")]
    [InlineData("nhsNumber", "9434765918")]
    [InlineData("nhsNumber", "12345")]
    [InlineData("title", "sir")]
    [InlineData("sex", "f")]
    public async Task Register_WithABrokenField_Is400KeyedByIt(string field, string? value)
    {
        var body = ValidPatient();
        body[field] = value;
        (await api.Post("/v1/patients", body)).AssertFieldError(field);
    }

    [Fact]
    public async Task Register_WithANoteOver2000Characters_Is400ForNote()
    {
        var body = ValidPatient();
        body["note"] = new string('n', 2001);
        (await api.Post("/v1/patients", body)).AssertFieldError("note");
    }

    [Fact]
    public async Task Register_WithATitleAsANumber_Is400ForTitle()
    {
        var body = ValidPatient();
        body["title"] = 1;
        (await api.Post("/v1/patients", body)).AssertFieldError("title");
    }

    [Fact]
    public async Task Register_WithAnInvalidDate_Is400ForThatField()
    {
        var body = ValidPatient();
        body["dateOfBirth"] = "1980-02-30";
        (await api.Post("/v1/patients", body)).AssertFieldError("dateOfBirth");
    }

    [Fact]
    public async Task Get_UnknownPatient_Is404()
    {
        (await api.Get("/v1/patients/p_nobodyhere")).AssertProblem(HttpStatusCode.NotFound, "patient_not_found");
    }

    [Fact]
    public async Task Register_NeverLogsThePatientsPersonalData()
    {
        var body = ValidPatient();
        body["lastName"] = "Zyxwquill";
        body["note"] = "Secret-note-5521";
        (await api.Post("/v1/patients", body)).AssertStatus(HttpStatusCode.Created);

        var logs = string.Join("\n", fixture.Factory.Logs.Lines);
        Assert.DoesNotContain("Zyxwquill", logs, StringComparison.Ordinal);
        Assert.DoesNotContain("Secret-note-5521", logs, StringComparison.Ordinal);
        Assert.DoesNotContain("ada@example.com", logs, StringComparison.Ordinal);
    }
}

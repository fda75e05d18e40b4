using System.Net;
using System.Text.Json.Nodes;
using Scheduling.Api.IntegrationTests.Infrastructure;

namespace Scheduling.Api.IntegrationTests.Patients;

[Collection(ApiCollection.Name)]
public sealed class PatientTests(ApiFixture fixture)
{
    private readonly ApiClient api = fixture.Client();

    /// <summary>A patient with every optional field too.</summary>
    private static JsonObject ValidPatient()
    {
        var body = RequestBodies.Patient();
        body["nhsNumber"] = "9434765919";
        body["externalRef"] = "crm-42";
        body["address"] = new JsonObject { ["line1"] = "2 Low Road", ["town"] = "Leeds", ["postcode"] = "ls1 1ur" };
        return body;
    }

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

    [Theory]
    [InlineData("firstName", "A")]
    [InlineData("lastName", null)]
    [InlineData("phone", "+44")]
    [InlineData("email", "not-an-email")]
    [InlineData("email", "a@b")]
    [InlineData("dateOfBirth", "2999-01-01")]
    [InlineData("nhsNumber", "9434765918")]
    [InlineData("nhsNumber", "12345")]
    public async Task Register_WithABrokenField_Is400KeyedByIt(string field, string? value)
    {
        var body = ValidPatient();
        body[field] = value;
        (await api.Post("/v1/patients", body)).AssertFieldError(field);
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
}

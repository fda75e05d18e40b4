using System.Net;
using Scheduling.Api.IntegrationTests.Infrastructure;

namespace Scheduling.Api.IntegrationTests.Patients;

[Collection(ApiCollection.Name)]
public sealed class PatientTests(ApiFixture fixture)
{
    private readonly ApiClient api = fixture.Client();

    private static Dictionary<string, object?> ValidPatient() => new()
    {
        ["firstName"] = "Grace",
        ["lastName"] = "Hopper",
        ["phone"] = ApiClient.ValidPhone,
        ["email"] = "grace@example.org",
        ["dateOfBirth"] = "1956-12-09",
        ["nhsNumber"] = "9434765919",
        ["externalRef"] = "crm-42",
        ["address"] = new { line1 = "2 Low Road", town = "Leeds", postcode = "ls1 1ur" },
    };

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

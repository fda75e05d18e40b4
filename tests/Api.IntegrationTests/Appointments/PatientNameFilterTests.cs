using System.Net;
using System.Text.Json.Nodes;
using Scheduling.Api.IntegrationTests.Infrastructure;

namespace Scheduling.Api.IntegrationTests.Appointments;

/// <summary><c>GET /v1/appointments?filter=patient.name~"…"</c> follows the patient's current name.</summary>
[Collection(ApiCollection.Name)]
public sealed class PatientNameFilterTests(ApiFixture fixture)
{
    private readonly ApiClient api = fixture.Client();

    private static string Filter(string expression) => $"filter={Uri.EscapeDataString(expression)}";

    private async Task<List<string>> Ids(string query, ApiClient? client = null) =>
        [.. (await (client ?? api).Get($"/v1/appointments?{query}")).AssertStatus(HttpStatusCode.OK).Json!["data"]!.AsArray().Select(a => a!["id"]!.GetValue<string>())];

    private async Task<string> Appointment(string patientId) =>
        (await api.CreateAppointment(RequestBodies.Appointment(patientId))).AssertStatus(HttpStatusCode.Created).Json!["id"]!.GetValue<string>();

    [Fact]
    public async Task PatientNameContains_FindsTheAppointmentsOfMatchingPatients_CaseInsensitive()
    {
        var tag = Guid.NewGuid().ToString("N")[..10];
        var ada = await api.CreatePatient(RequestBodies.FullPatient("Ada", $"Lovelace{tag}"));
        var grace = await api.CreatePatient(RequestBodies.FullPatient($"Grace{tag}", "Hopper"));
        var other = await api.CreatePatient(RequestBodies.FullPatient("Alan", "Turing"));
        var first = await Appointment(ada);
        var second = await Appointment(grace);
        var third = await Appointment(ada);
        await Appointment(other);

        Assert.Equal([third, second, first], await Ids(Filter($"patient.name~\"{tag.ToUpperInvariant()}\"")));
        Assert.Equal([third, first], await Ids(Filter($"patient.name~\"lovelace{tag}\"")));
        Assert.Equal([third], await Ids(Filter($"patient.name~\"{tag}\"") + "&limit=1"));
    }

    [Fact]
    public async Task ARename_IsVisibleAsSoonAsThePatchReturns()
    {
        var tag = Guid.NewGuid().ToString("N")[..10];
        var patient = await api.CreatePatient(RequestBodies.FullPatient("Ada", $"Before{tag}"));
        var appointment = await Appointment(patient);
        Assert.Equal([appointment], await Ids(Filter($"patient.name~\"Before{tag}\"")));

        (await api.Patch($"/v1/patients/{patient}", new JsonObject { ["lastName"] = $"After{tag}" })).AssertStatus(HttpStatusCode.OK);

        Assert.Equal([appointment], await Ids(Filter($"patient.name~\"After{tag}\"")));
        Assert.Empty(await Ids(Filter($"patient.name~\"Before{tag}\"")));
    }

    [Fact]
    public async Task AnotherTenantsAppointments_NeverAppear()
    {
        var tag = Guid.NewGuid().ToString("N")[..10];
        var patient = await api.CreatePatient(RequestBodies.FullPatient("Ada", $"Iso{tag}"));
        await Appointment(patient);

        Assert.Empty(await Ids(Filter($"patient.name~\"{tag}\""), fixture.Client(DemoKeys.OtherTest)));
        Assert.Empty(await Ids(Filter($"patient.name~\"{tag}\""), fixture.Client(DemoKeys.DemoLive)));
    }

    [Theory]
    [InlineData("patient.name:\"Ada\"")]
    [InlineData("patient.name>\"Ada\"")]
    [InlineData("patient.nam~\"Ada\"")]
    public async Task UnsupportedUse_Is400(string filter)
    {
        (await api.Get($"/v1/appointments?{Filter(filter)}")).AssertFieldError("filter");
    }
}

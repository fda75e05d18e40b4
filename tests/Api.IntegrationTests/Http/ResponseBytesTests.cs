using System.Net;
using System.Text.Json.Nodes;
using Scheduling.Api.IntegrationTests.Infrastructure;

namespace Scheduling.Api.IntegrationTests.Http;

/// <summary>
/// Whole response bodies, byte for byte, for appointments that use every member kind: metadata and results written
/// raw (nested values, odd spacing, escapes, nulls inside), nested records, enums, instants, nulls and empty lists.
/// A change of serialisation (a generated JSON context, a pre-rendered body) must keep these bytes: member order, null
/// handling, escaping and converters show here, where a shape check (OpenAPI validation) would not see them.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ResponseBytesTests(ApiFixture fixture)
{
    private const string Metadata = """{ "z" : 1,"a":{"list":[1, 2.50,"x\u00e9"],  "nested":{"deep":true}},"b":null }""";
    private const string Results = """{"bp": [120, 80],"ok" :true, "n":null}""";

    private readonly ApiClient api = fixture.Client();

    [Fact]
    public async Task CompletedAppointment_WithMetadataAndResults_IsWrittenExactly()
    {
        var patientId = await api.CreatePatient();
        var window = (await api.Post("/v1/availability/windows", RequestBodies.Window("tsk_bloodtest", fixture.Clock.InDays(25), capacity: 2)))
            .AssertStatus(HttpStatusCode.Created).Json!;
        var body = RequestBodies.Appointment(patientId, windowId: window["id"]!.GetValue<string>());
        body["note"] = "Ring twice";
        body["externalRef"] = "ref-\"quoted\"";
        var created = (await api.PostRaw("/v1/appointments", RequestBodies.WithRawMetadata(body, Metadata))).AssertStatus(HttpStatusCode.Created);
        var id = created.Json!["id"]!.GetValue<string>();

        var completed = (await api.PostRaw($"/v1/appointments/{id}/complete", $$"""{"data":{{Results}},"note":"Done"}""")).AssertStatus(HttpStatusCode.OK);
        var read = (await api.Get($"/v1/appointments/{id}")).AssertStatus(HttpStatusCode.OK);

        var expected = $$"""
            {"id":"{{id}}","status":"completed","type":"standard","schedulingMode":"choose_a_time","patient":{"id":"{{patientId}}"},"taskId":"tsk_bloodtest",
            "window":{"id":"{{window["id"]}}","start":"{{window["start"]}}","end":"{{window["end"]}}"},"externalRef":"ref-\"quoted\"","note":"Done",
            "phone":"+447911123456","location":{"line1":"1 High Street","line2":null,"line3":null,"town":"London","county":null,"postcode":"SW1A 1AA","countryCode":"GB"},
            "documentIds":[],"planFrom":null,"planTo":null,"metadata":{{Metadata}},"data":{{Results}},"schedulingLink":null,"cancellation":null,
            "createdAt":"{{Text(read, "createdAt")}}","updatedAt":"{{Text(read, "updatedAt")}}","version":3}
            """.ReplaceLineEndings(string.Empty);
        Assert.Equal(expected, read.Body);
        Assert.Equal(expected, completed.Body);
    }

    [Fact]
    public async Task CancelledAppointment_WithNullsInsideTheCancellation_IsWrittenExactly()
    {
        var patientId = await api.CreatePatient();
        var id = (await api.CreateAppointment(RequestBodies.Appointment(patientId))).AssertStatus(HttpStatusCode.Created).Json!["id"]!.GetValue<string>();

        var cancelled = (await api.Post($"/v1/appointments/{id}/cancel", RequestBodies.Cancellation())).AssertStatus(HttpStatusCode.OK);
        var read = (await api.Get($"/v1/appointments/{id}")).AssertStatus(HttpStatusCode.OK);

        var expected = $$"""
            {"id":"{{id}}","status":"cancelled","type":"standard","schedulingMode":"patient_led","patient":{"id":"{{patientId}}"},"taskId":"tsk_bloodtest",
            "window":null,"externalRef":null,"note":null,"phone":"+447911123456",
            "location":{"line1":"1 High Street","line2":null,"line3":null,"town":"London","county":null,"postcode":"SW1A 1AA","countryCode":"GB"},
            "documentIds":[],"planFrom":null,"planTo":null,"metadata":null,"data":null,"schedulingLink":null,
            "cancellation":{"note":null,"causingEntity":"patient","cancellingEntity":"organisation","reasonCode":"patient_unavailable","chargeable":false,"cancelledAt":"{{Text(read, "updatedAt")}}"},
            "createdAt":"{{Text(read, "createdAt")}}","updatedAt":"{{Text(read, "updatedAt")}}","version":2}
            """.ReplaceLineEndings(string.Empty);
        Assert.Equal(expected, read.Body);
        Assert.Equal(expected, cancelled.Body);
    }

    private static string Text(ApiResponse response, string member) => response.Json![member]!.GetValue<string>();
}

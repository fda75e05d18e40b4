using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Scheduling.Api.IntegrationTests.Infrastructure;
using Scheduling.Application.Appointments;

namespace Scheduling.Api.IntegrationTests.Operations;

[Collection(ApiCollection.Name)]
public sealed class OperationsTests(ApiFixture fixture)
{
    [Fact]
    public async Task Health_LiveAndReady_NeedNoKey()
    {
        var client = fixture.Client(string.Empty);
        (await client.Get("/health/live")).AssertStatus(HttpStatusCode.OK);
        var ready = (await client.Get("/health/ready")).AssertStatus(HttpStatusCode.OK);
        Assert.Equal("Healthy", ready.Body);
    }

    [Fact]
    public async Task OpenApiDocument_DescribesEveryEndpointOfTheContract()
    {
        var document = (await fixture.Client(string.Empty).Get("/openapi/v1.json")).AssertStatus(HttpStatusCode.OK).Json!;
        var paths = document["paths"]!.AsObject();
        var expected = new (string Path, string Method)[]
        {
            ("/v1/patients", "post"), ("/v1/patients/{id}", "get"),
            ("/v1/patients", "get"), ("/v1/patients/{id}", "patch"), ("/v1/patients/{id}/events", "get"),
            ("/v1/availability/windows", "post"), ("/v1/availability", "get"),
            ("/v1/appointments", "post"), ("/v1/appointments", "get"), ("/v1/appointments/{id}", "get"),
            ("/v1/appointments/{id}/events", "get"), ("/v1/appointments/{id}/schedule", "post"),
            ("/v1/appointments/{id}/cancel", "post"), ("/v1/appointments/{id}/complete", "post"),
            ("/health/live", "get"), ("/health/ready", "get"),
        };
        foreach (var (path, method) in expected)
        {
            Assert.True(paths[path]?[method] is not null, $"{method.ToUpperInvariant()} {path} is missing from the OpenAPI document");
        }

        var create = paths["/v1/appointments"]!["post"]!;
        Assert.NotNull(create["requestBody"]!["content"]!["application/json"]!["example"]);
        var responses = create["responses"]!.AsObject();
        foreach (var status in new[] { "201", "400", "401", "409", "422" })
        {
            Assert.True(responses.ContainsKey(status), $"create lacks a {status} response");
        }

        Assert.Contains("code", document["components"]!["schemas"]!["ProblemDetails"]!["properties"]!.AsObject().Select(p => p.Key));
    }

    [Fact]
    public async Task Logs_NeverContainPersonalDataOrKeys()
    {
        var api = fixture.Client();
        const string phone = "+447911123999";
        const string email = "zebedee.q.unique@example.org";
        const string street = "77 Quixotic Crescent";
        const string postcode = "DN55 1PT";
        const string metadataValue = "metadata-secret-value-9f8e";

        var patient = RequestBodies.Patient();
        patient["phone"] = phone;
        patient["email"] = email;
        patient["address"] = new JsonObject { ["line1"] = street, ["town"] = "Doncaster", ["postcode"] = postcode };
        var patientId = (await api.Post("/v1/patients", patient)).AssertStatus(HttpStatusCode.Created).Json!["id"]!.GetValue<string>();
        var body = RequestBodies.Appointment(patientId);
        body["phone"] = phone;
        body["location"] = patient["address"]!.DeepClone();
        body["metadata"] = new JsonObject { ["secret"] = metadataValue };
        (await api.CreateAppointment(body)).AssertStatus(HttpStatusCode.Created);

        // Failure paths echo nothing either.
        body["phone"] = "+4479111239990000";
        body["location"]!["postcode"] = "ZZ99 9ZZX";
        (await api.CreateAppointment(body)).AssertStatus(HttpStatusCode.BadRequest);
        (await api.PostRaw("/v1/patients", $"{{\"email\":\"{email}\",\"phone\":\"{phone}\"")).AssertStatus(HttpStatusCode.BadRequest);
        (await fixture.Client("live_demo_secretkey_DO_NOT_LOG").Get("/v1/appointments")).AssertStatus(HttpStatusCode.Unauthorized);

        var logs = string.Join('\n', fixture.Factory.Logs.Lines);
        Assert.Contains("HTTP POST /v1/appointments", logs, StringComparison.Ordinal);
        foreach (var secret in new[] { phone, "7911123999", email, street, postcode, "DN551PT", metadataValue, DemoKeys.DemoTest, "live_demo_secretkey_DO_NOT_LOG" })
        {
            Assert.DoesNotContain(secret, logs, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task Logs_NeverContainPersonalData_WhenTheDatabaseRefusesAWrite()
    {
        // The patient check runs in the commit's batch, so a missing patient fails the whole batch, whose other
        // statements carry the appointment (the outbox's webhook body: phone, address, metadata, booking link).
        // Marten's default logger wrote every parameter of a failed batch into an error entry.
        const string phone = "+447911123777";
        const string street = "12 Zygote Terrace";
        const string postcode = "YO62 4XA";
        const string metadataValue = "metadata-secret-value-5d4c";
        var body = RequestBodies.Appointment("p_doesnotexist");
        body["phone"] = phone;
        body["location"] = new JsonObject { ["line1"] = street, ["town"] = "York", ["postcode"] = postcode };
        body["metadata"] = new JsonObject { ["secret"] = metadataValue };
        var before = fixture.Factory.Logs.Lines.Count;

        (await fixture.Client().CreateAppointment(body)).AssertProblem(HttpStatusCode.UnprocessableEntity, "patient_not_found");

        var logs = string.Join('\n', fixture.Factory.Logs.Lines.Skip(before));
        foreach (var secret in new[] { phone, "7911123777", street, postcode, metadataValue, "/book/" })
        {
            Assert.DoesNotContain(secret, logs, StringComparison.OrdinalIgnoreCase);
        }

        // A refusal the service turns into a 422 is not an error of the service.
        Assert.DoesNotContain(fixture.Factory.Logs.Lines.Skip(before), line => line.StartsWith("Error Marten", StringComparison.Ordinal));
    }

    [Fact]
    public async Task UnhandledException_IsAGeneric500WithATraceIdAndNoInternals()
    {
        using var broken = fixture.Factory.WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
            services.AddScoped<IAppointmentReadModels, ExplodingReadModels>()));
        using var http = broken.CreateClient();
        var response = await new ApiClient(http, DemoKeys.DemoTest).Get("/v1/appointments/apt_anything");

        response.AssertProblem(HttpStatusCode.InternalServerError, "internal_error");
        Assert.False(string.IsNullOrEmpty(response.Json!["traceId"]?.GetValue<string>()));
        Assert.DoesNotContain("Host=", response.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("ExplodingReadModels", response.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", response.Body, StringComparison.Ordinal);
    }

    private sealed class ExplodingReadModels : IAppointmentReadModels
    {
        public Task<Scheduling.Domain.Appointments.Appointment?> Find(string appointmentId, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("Host=db.internal;Password=hunter2 failed in ExplodingReadModels");
    }
}

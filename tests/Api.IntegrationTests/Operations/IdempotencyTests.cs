using System.Net;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Npgsql;
using Scheduling.Api.IntegrationTests.Infrastructure;
using Scheduling.Application.Common.Idempotency;
using Scheduling.Infrastructure.Idempotency;

namespace Scheduling.Api.IntegrationTests.Operations;

[Collection(ApiCollection.Name)]
public sealed class IdempotencyTests(ApiFixture fixture)
{
    private readonly ApiClient api = fixture.Client();

    private async Task<ApiResponse> PostWithKey(string path, string body, string key, string? apiKey = null) => await PostWithKey(api.Http, path, body, key, apiKey);

    private static async Task<ApiResponse> PostWithKey(HttpClient http, string path, string body, string key, string? apiKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("Authorization", apiKey ?? DemoKeys.DemoTest);
        request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        using var response = await http.SendAsync(request);
        return await ApiResponse.From(response);
    }

    private async Task<long> AppointmentsWithExternalRef(string externalRef)
    {
        await using var connection = new NpgsqlConnection(fixture.Factory.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select count(*) from scheduling.mt_doc_appointmentdetails where data ->> 'externalRef' = @r", connection);
        command.Parameters.AddWithValue("r", externalRef);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task Retry_WithSameKeyAndBody_ReplaysTheFirstResponseAndCreatesNothing()
    {
        var patientId = await api.CreatePatient();
        var reference = $"idem-{Guid.NewGuid():N}";
        var body = RequestBodies.Appointment(patientId);
        body["externalRef"] = reference;
        var key = Guid.NewGuid().ToString();

        var first = (await PostWithKey("/v1/appointments", body.ToJsonString(), key)).AssertStatus(HttpStatusCode.Created);
        var retry = (await PostWithKey("/v1/appointments", body.ToJsonString(), key)).AssertStatus(HttpStatusCode.Created);

        Assert.Equal(first.Body, retry.Body);
        Assert.Equal(first.Headers.Location, retry.Headers.Location);
        Assert.False(first.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal("true", retry.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(1, await AppointmentsWithExternalRef(reference));
    }

    // Booking holds the window's row inside the idempotency layer's transaction (these were 500s, found by fuzzing).
    [Fact]
    public async Task ScheduleAndReschedule_WithAKey_BookAndReplay()
    {
        var first = await api.OpenWindow("tsk_bloodtest", fixture.Clock.InDays(3));
        var second = await api.OpenWindow("tsk_bloodtest", fixture.Clock.InDays(4));
        var id = (await api.CreateAppointment(RequestBodies.Appointment(await api.CreatePatient()))).AssertStatus(HttpStatusCode.Created).Json!["id"]!.GetValue<string>();

        var unknown = await PostWithKey($"/v1/appointments/{id}/schedule", """{"windowId":"win_nosuchwindow"}""", Guid.NewGuid().ToString());
        Assert.Equal((HttpStatusCode.UnprocessableEntity, "window_not_found"), (unknown.Status, unknown.Code));

        var key = Guid.NewGuid().ToString();
        var scheduled = (await PostWithKey($"/v1/appointments/{id}/schedule", $$"""{"windowId":"{{first}}"}""", key)).AssertStatus(HttpStatusCode.OK);
        var replayed = (await PostWithKey($"/v1/appointments/{id}/schedule", $$"""{"windowId":"{{first}}"}""", key)).AssertStatus(HttpStatusCode.OK);
        Assert.Equal(scheduled.Body, replayed.Body);
        Assert.Equal("true", replayed.Headers.GetValues("Idempotent-Replayed").Single());

        var moved = (await PostWithKey($"/v1/appointments/{id}/reschedule", $$"""{"windowId":"{{second}}"}""", Guid.NewGuid().ToString())).AssertStatus(HttpStatusCode.OK);
        Assert.Equal(second, moved.Json!["window"]!["id"]!.GetValue<string>());
        var windows = (await api.Get($"/v1/availability?taskId=tsk_bloodtest&from={fixture.Clock.LondonDate(1)}&to={fixture.Clock.LondonDate(10)}")).Json!["data"]!.AsArray();
        Assert.Equal(5, windows.Single(w => w!["id"]!.GetValue<string>() == first)!["remaining"]!.GetValue<int>());
        Assert.Equal(4, windows.Single(w => w!["id"]!.GetValue<string>() == second)!["remaining"]!.GetValue<int>());
    }

    [Fact]
    public async Task SameKey_WithADifferentBody_Is422()
    {
        var patientId = await api.CreatePatient();
        var key = Guid.NewGuid().ToString();
        (await PostWithKey("/v1/appointments", RequestBodies.Appointment(patientId).ToJsonString(), key)).AssertStatus(HttpStatusCode.Created);

        var other = RequestBodies.Appointment(patientId);
        other["note"] = "changed";
        (await PostWithKey("/v1/appointments", other.ToJsonString(), key)).AssertProblem(HttpStatusCode.UnprocessableEntity, "idempotency_key_reused");
    }

    [Fact]
    public async Task ConcurrentDuplicates_CreateExactlyOneResource()
    {
        var patientId = await api.CreatePatient();
        var reference = $"race-{Guid.NewGuid():N}";
        var body = RequestBodies.Appointment(patientId);
        body["externalRef"] = reference;
        var key = Guid.NewGuid().ToString();

        var responses = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => PostWithKey("/v1/appointments", body.ToJsonString(), key)));

        Assert.Equal(1, await AppointmentsWithExternalRef(reference));
        Assert.All(responses, r => Assert.True(r.Status is HttpStatusCode.Created or HttpStatusCode.Conflict, r.Body));
        Assert.All(responses.Where(r => r.Status == HttpStatusCode.Conflict), r => r.AssertProblem(HttpStatusCode.Conflict, "idempotency_key_in_use"));
        var created = responses.Where(r => r.Status == HttpStatusCode.Created).ToList();
        Assert.NotEmpty(created);
        Assert.Single(created.Select(r => r.Json!["id"]!.GetValue<string>()).Distinct());
    }

    [Fact]
    public async Task Keys_AreScopedToTheTenant()
    {
        var key = Guid.NewGuid().ToString();
        var patient = RequestBodies.Patient().ToJsonString();
        var demo = (await PostWithKey("/v1/patients", patient, key)).AssertStatus(HttpStatusCode.Created);
        var other = (await PostWithKey("/v1/patients", patient, key, DemoKeys.OtherTest)).AssertStatus(HttpStatusCode.Created);
        Assert.False(other.Headers.Contains("Idempotent-Replayed"));
        Assert.NotEqual(demo.Json!["id"]!.GetValue<string>(), other.Json!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task ValidationFailures_AreReplayedToo()
    {
        var key = Guid.NewGuid().ToString();
        var first = (await PostWithKey("/v1/appointments", "{}", key)).AssertProblem(HttpStatusCode.BadRequest, "validation_failed");
        var retry = (await PostWithKey("/v1/appointments", "{}", key)).AssertProblem(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal(first.Body, retry.Body);
        Assert.Equal("true", retry.Headers.GetValues("Idempotent-Replayed").Single());
    }

    // Refused inside the commit (the patient guard aborts the transaction): the refusal is stored on the same
    // connection after the rollback, and replayed.
    [Fact]
    public async Task RefusalsFromInsideTheCommit_AreStoredAndReplayed()
    {
        var reference = $"idem-{Guid.NewGuid():N}";
        var body = RequestBodies.Appointment("p_doesnotexist");
        body["externalRef"] = reference;
        var key = Guid.NewGuid().ToString();

        var first = (await PostWithKey("/v1/appointments", body.ToJsonString(), key)).AssertProblem(HttpStatusCode.UnprocessableEntity, "patient_not_found");
        var retry = (await PostWithKey("/v1/appointments", body.ToJsonString(), key)).AssertProblem(HttpStatusCode.UnprocessableEntity, "patient_not_found");

        Assert.Equal(first.Body, retry.Body);
        Assert.Equal("true", retry.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(0, await AppointmentsWithExternalRef(reference));
    }

    [Theory]
    [InlineData("tab\tinside")]
    [InlineData("é-not-ascii")]
    public async Task InvalidKeys_Are400(string key)
    {
        (await PostWithKey("/v1/appointments", "{}", key)).AssertProblem(HttpStatusCode.BadRequest, "invalid_idempotency_key");
    }

    [Fact]
    public async Task KeyOf256Characters_Is400()
    {
        (await PostWithKey("/v1/appointments", "{}", new string('k', 256))).AssertProblem(HttpStatusCode.BadRequest, "invalid_idempotency_key");
    }

    [Fact]
    public async Task ExpiredKeys_ArePurgedAndReusable()
    {
        var store = fixture.Factory.Services.GetRequiredService<IdempotencyMaintenance>();
        var key = Guid.NewGuid().ToString();
        var patient = RequestBodies.Patient().ToJsonString();
        var first = (await PostWithKey("/v1/patients", patient, key)).AssertStatus(HttpStatusCode.Created);

        await using (var connection = new NpgsqlConnection(fixture.Factory.ConnectionString))
        {
            await connection.OpenAsync();
            await using var age = new NpgsqlCommand("update scheduling.idempotency_keys set expires_at = @expired where key = @k", connection);
            age.Parameters.AddWithValue("expired", fixture.Clock.FromNow(-Duration.FromMinutes(1)).ToDateTimeOffset());
            age.Parameters.AddWithValue("k", key);
            Assert.Equal(1, await age.ExecuteNonQueryAsync());
        }

        Assert.True(await store.PurgeExpired(CancellationToken.None) >= 1);
        var again = (await PostWithKey("/v1/patients", patient, key)).AssertStatus(HttpStatusCode.Created);
        Assert.False(again.Headers.Contains("Idempotent-Replayed"));
        Assert.NotEqual(first.Json!["id"]!.GetValue<string>(), again.Json!["id"]!.GetValue<string>());
    }

    // Exactly once across crashes: the process "dies" (an exception no handler turns into a stored response) at the
    // two points around the one commit that holds both the business change and the stored response.
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task CrashAroundTheCommit_RetryCreatesExactlyOneAppointment(bool crashAfterCommit)
    {
        var patientId = await api.CreatePatient();
        var reference = $"crash-{Guid.NewGuid():N}";
        var body = RequestBodies.Appointment(patientId);
        body["externalRef"] = reference;
        var key = Guid.NewGuid().ToString();

        // Program reads the connection string from the environment while it builds; another fixture may have pointed it elsewhere.
        Environment.SetEnvironmentVariable("ConnectionStrings__Scheduling", fixture.Factory.ConnectionString);
        using (var crashing = fixture.Factory.WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
            services.AddScoped<IIdempotencyStore>(sp => new CrashingStore(ActivatorUtilities.CreateInstance<IdempotencyStore>(sp), crashAfterCommit)))))
        {
            using var http = crashing.CreateClient();
            var crashed = await PostWithKey(http, "/v1/appointments", body.ToJsonString(), key);
            Assert.True(crashed.Status == HttpStatusCode.InternalServerError, $"expected the simulated crash (500), got {crashed.Status}: {crashed.Body}");
        }

        Assert.Equal(crashAfterCommit ? 1 : 0, await AppointmentsWithExternalRef(reference));

        var retry = (await PostWithKey("/v1/appointments", body.ToJsonString(), key)).AssertStatus(HttpStatusCode.Created);
        Assert.Equal(crashAfterCommit, retry.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(1, await AppointmentsWithExternalRef(reference));
        var stored = (await api.Get($"/v1/appointments/{retry.Json!["id"]!.GetValue<string>()}")).AssertStatus(HttpStatusCode.OK);
        Assert.Equal(reference, stored.Json!["externalRef"]!.GetValue<string>());
    }

    private sealed class CrashingStore(IIdempotencyStore inner, bool afterCommit) : IIdempotencyStore
    {
        public Task<IdempotencyClaim> Claim(string tenantId, string key, byte[] fingerprint, CancellationToken cancellationToken) =>
            inner.Claim(tenantId, key, fingerprint, cancellationToken);

        public async Task<IIdempotentRequest> Begin(string tenantId, string key, CancellationToken cancellationToken) =>
            new CrashingRequest(await inner.Begin(tenantId, key, cancellationToken), afterCommit);

        public Task Release(string tenantId, string key, CancellationToken cancellationToken) => inner.Release(tenantId, key, cancellationToken);
    }

    private sealed class CrashingRequest(IIdempotentRequest inner, bool afterCommit) : IIdempotentRequest
    {
        public async Task Commit(StoredResponse response, CancellationToken cancellationToken)
        {
            if (afterCommit)
            {
                await inner.Commit(response, cancellationToken);
            }

            throw new InvalidOperationException("Simulated crash " + (afterCommit ? "after" : "before") + " the commit.");
        }

        public Task CommitRefusal(StoredResponse response, CancellationToken cancellationToken) => inner.CommitRefusal(response, cancellationToken);

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}

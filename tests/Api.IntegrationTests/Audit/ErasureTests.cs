using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Scheduling.Application.Common.Tenancy;
using Scheduling.Api.IntegrationTests.Infrastructure;
using Scheduling.Api.IntegrationTests.ReadModels;

namespace Scheduling.Api.IntegrationTests.Audit;

/// <summary>
/// <c>POST /v1/patients/{id}/erase</c>: a patient seeded with a unique marker in every personal field (and a control
/// patient seeded the same way) is erased; then every text, varchar, jsonb and bytea column of every table in the
/// service's schema is scanned for the markers.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ErasureTests(ApiFixture fixture) : IAsyncLifetime
{
    private const string Schema = "scheduling";
    private readonly ApiClient api = fixture.Client();
    private readonly ApiClient operations = fixture.Client(DemoKeys.DemoOperations);
    private readonly List<string> endpoints = [];

    /// <summary>
    /// An endpoint on a closed port of 127.0.0.1: the outbox writes a delivery row (the appointment's personal data in
    /// its body) per event all the same, which is what the scan needs. Not an in-process receiver: disposing another
    /// ASP.NET host in this process ends the service's own <c>http.server.request.duration</c> metric stream (same
    /// meter and instrument names), which <c>ObservabilityTests</c> then misses.
    /// </summary>
    public async Task InitializeAsync()
    {
        var closed = new TcpListener(IPAddress.Loopback, 0);
        closed.Start();
        var port = ((IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();
        var endpoint = (await api.Post("/v1/webhooks/endpoints", RequestBodies.WebhookEndpoint($"http://127.0.0.1:{port}/erasure"))).AssertStatus(HttpStatusCode.Created).Json!;
        endpoints.Add(endpoint["id"]!.GetValue<string>());
    }

    public async Task DisposeAsync()
    {
        foreach (var id in endpoints)
        {
            await api.Send(HttpMethod.Delete, $"/v1/webhooks/endpoints/{id}");
        }
    }

    [Fact]
    public async Task Erase_LeavesNoPersonalValueInAnyColumn_KeepsTheControlPatient_AndEverythingStillReads()
    {
        var erased = await Seed();
        var control = await Seed();
        await DeliveriesWritten(erased, control);
        var before = await Scan([.. erased.Markers, .. control.Markers]);
        Assert.All(erased.Markers, m => Assert.True(before.ContainsKey(m), $"marker {m} was never stored: the scan proves nothing"));
        Assert.All(control.Markers, m => Assert.True(before.ContainsKey(m), $"marker {m} was never stored: the scan proves nothing"));

        var deliveries = await DeliveryCount();
        var answer = (await operations.Post($"/v1/patients/{erased.PatientId}/erase", new { })).AssertStatus(HttpStatusCode.OK).Json!;
        Assert.Equal(deliveries, await DeliveryCount()); // masking is not an appointment event: no webhook is queued for it

        var after = await Scan([.. erased.Markers, .. control.Markers]);
        var left = erased.Markers.Where(after.ContainsKey).Select(m => $"{m} in {after[m]}").ToList();
        Assert.True(left.Count == 0, "personal data left after erasure:\n" + string.Join("\n", left));
        foreach (var marker in control.Markers)
        {
            Assert.Equal(before[marker], after[marker]); // the control patient's data is where it was, all of it
        }

        // The record: masked values, ids and times kept, birth year and outward code kept.
        var patient = (await api.Get($"/v1/patients/{erased.PatientId}")).AssertStatus(HttpStatusCode.OK).Json!;
        Assert.Equal(answer.ToJsonString(), patient.ToJsonString());
        Assert.Equal("[erased]", patient["firstName"]!.GetValue<string>());
        Assert.Equal("[erased]", patient["lastName"]!.GetValue<string>());
        Assert.Equal("erased@erased.invalid", patient["email"]!.GetValue<string>());
        Assert.Equal($"{erased.BirthYear}-01-01", patient["dateOfBirth"]!.GetValue<string>());
        Assert.Null(patient["nhsNumber"]);
        Assert.Equal(erased.PatientOutward, patient["address"]!["postcode"]!.GetValue<string>());
        Assert.Equal(erased.ExternalRef, patient["externalRef"]!.GetValue<string>());

        // Appointments: statuses, windows, tasks kept; personal fields masked; lists and filters work.
        var list = (await api.Get($"/v1/appointments?{Filter($"patient.id:\"{erased.PatientId}\"")}&limit=100")).AssertStatus(HttpStatusCode.OK).Json!["data"]!.AsArray();
        Assert.Equal(erased.Statuses.OrderBy(s => s.Key), list.Select(a => KeyValuePair.Create(a!["id"]!.GetValue<string>(), a["status"]!.GetValue<string>())).OrderBy(s => s.Key));
        foreach (var appointment in list)
        {
            Assert.Equal("[erased]", appointment!["location"]!["line1"]!.GetValue<string>());
            Assert.Equal("+9990000000", appointment["phone"]!.GetValue<string>());
            var byId = (await api.Get($"/v1/appointments/{appointment["id"]}")).AssertStatus(HttpStatusCode.OK).Json!;
            Assert.Equal(appointment.ToJsonString(), byId.ToJsonString());
        }

        var completed = list.Single(a => a!["status"]!.GetValue<string>() == "completed")!;
        Assert.Equal("""{"result":"[erased]","readings":["[erased]","[erased]"],"none":null}""", completed["data"]!.ToJsonString());
        Assert.NotNull(completed["window"]);
        var patients = (await api.Get($"/v1/patients?{Filter($"externalRef:\"{erased.ExternalRef}\"")}&{Filter("name~\"erased\"")}")).AssertStatus(HttpStatusCode.OK).Json!["data"]!.AsArray();
        Assert.Equal(erased.PatientId, Assert.Single(patients)!["id"]!.GetValue<string>());

        // The audit trail: patient.erased by the operations key, once; the appointments' trails show masked bodies.
        var trail = (await api.Get($"/v1/patients/{erased.PatientId}/events")).AssertStatus(HttpStatusCode.OK).Json!.AsArray();
        var erasedEntry = trail.Single(e => e!["type"]!.GetValue<string>() == "patient.erased")!;
        Assert.Equal("operations", erasedEntry["actor"]!["kind"]!.GetValue<string>());
        Assert.Equal(trail.Count, (int)erasedEntry["version"]!.GetValue<long>());
        var appointmentTrail = (await api.Get($"/v1/appointments/{completed["id"]}/events")).AssertStatus(HttpStatusCode.OK).Json!.AsArray();
        Assert.Equal("[erased]", appointmentTrail.Single(e => e!["type"]!.GetValue<string>() == "appointment.completed")!["data"]!["note"]!.GetValue<string>());

        // The tenant feed carries the erasure event (no personal data in it).
        var feed = (await api.Get("/v1/events?type=patient.erased&limit=1000")).AssertStatus(HttpStatusCode.OK).Json!["data"]!.AsArray();
        var fed = feed.Single(e => e!["streamId"]!.GetValue<string>() == erased.PatientId)!;
        Assert.Equal(erasedEntry["occurredAt"]!.GetValue<string>(), fed["occurredAt"]!.GetValue<string>());

        // Erasing again: the same answer, no second event, nothing changes anywhere.
        var again = (await operations.Post($"/v1/patients/{erased.PatientId}/erase", new { })).AssertStatus(HttpStatusCode.OK).Json!;
        Assert.Equal(answer.ToJsonString(), again.ToJsonString());
        var trailAgain = (await api.Get($"/v1/patients/{erased.PatientId}/events")).AssertStatus(HttpStatusCode.OK).Json!.AsArray();
        Assert.Equal(trail.ToJsonString(), trailAgain.ToJsonString());

        // The rebuild command reproduces the masked read models exactly, and brings nothing back.
        var documents = await AppointmentDocuments(erased.PatientId);
        var (exitCode, output) = await ProjectionRebuildTests.RunRebuildCommand(fixture.Factory.ConnectionString, "projections rebuild");
        Assert.True(exitCode == 0, $"rebuild exited {exitCode}:\n{output}");
        Assert.Equal(documents, await AppointmentDocuments(erased.PatientId));
        Assert.Empty((await Scan(erased.Markers)).Keys);
    }

    [Fact]
    public async Task Erase_FailingMidway_LeavesEverythingAsItWas_AndARetryCompletesIt()
    {
        var seeded = await Seed();
        await DeliveriesWritten(seeded);
        var before = await Scan(seeded.Markers);
        var patientBefore = (await api.Get($"/v1/patients/{seeded.PatientId}")).AssertStatus(HttpStatusCode.OK).Json!.ToJsonString();
        var trailBefore = (await api.Get($"/v1/patients/{seeded.PatientId}/events")).AssertStatus(HttpStatusCode.OK).Json!.ToJsonString();

        // A real database failure inside the erasure's transaction, after the events, documents and stored
        // responses have been staged: rewriting this patient's webhook delivery bodies raises.
        var trigger = $"erasure_test_fail_{seeded.Token}";
        await Execute($"""
            create function {Schema}.{trigger}() returns trigger language plpgsql as $$
            begin raise exception 'injected failure'; end $$;
            create trigger {trigger} before update on {Schema}.webhook_deliveries
            for each row when (old.body like '%{seeded.Token}%' and new.body is distinct from old.body) execute function {Schema}.{trigger}();
            """);
        try
        {
            (await operations.Post($"/v1/patients/{seeded.PatientId}/erase", new { })).AssertStatus(HttpStatusCode.InternalServerError);
        }
        finally
        {
            await Execute($"drop trigger {trigger} on {Schema}.webhook_deliveries; drop function {Schema}.{trigger}();");
        }

        Assert.Equal(before, await Scan(seeded.Markers));
        Assert.Equal(patientBefore, (await api.Get($"/v1/patients/{seeded.PatientId}")).AssertStatus(HttpStatusCode.OK).Json!.ToJsonString());
        Assert.Equal(trailBefore, (await api.Get($"/v1/patients/{seeded.PatientId}/events")).AssertStatus(HttpStatusCode.OK).Json!.ToJsonString());

        (await operations.Post($"/v1/patients/{seeded.PatientId}/erase", new { })).AssertStatus(HttpStatusCode.OK);
        Assert.Empty((await Scan(seeded.Markers)).Keys);
    }

    /// <summary>
    /// The rules registered with Marten are the ones the erase request applies: Marten's own
    /// <c>ApplyEventDataMasking</c> on one appointment stream removes its markers, and the erase then finds those
    /// events already masked exactly as it would have masked them.
    /// </summary>
    [Fact]
    public async Task MartensApplyEventDataMasking_UsesTheSameRules_AsTheEraseRequest()
    {
        var seeded = await Seed();
        var appointmentId = seeded.Statuses.Single(s => s.Value == "completed").Key;
        var store = fixture.Factory.Services.GetRequiredService<IDocumentStore>();

        await store.Advanced.ApplyEventDataMasking(masking => masking.ForTenant(TenantIds.For("org_demo", TenantMode.Test)).IncludeStream(appointmentId));

        var maskedByMarten = await EventBodies(appointmentId);
        Assert.DoesNotContain(seeded.Markers, m => maskedByMarten.Contains(m, StringComparison.OrdinalIgnoreCase));
        (await operations.Post($"/v1/patients/{seeded.PatientId}/erase", new { })).AssertStatus(HttpStatusCode.OK);
        Assert.Equal(maskedByMarten, await EventBodies(appointmentId));
    }

    [Fact]
    public async Task Erase_OfAnUnknownPatient_Is404()
    {
        (await operations.Post("/v1/patients/p_00000000000000000000000000000000/erase", new { })).AssertProblem(HttpStatusCode.NotFound, "patient_not_found");
        (await operations.Post("/v1/patients/not-an-id/erase", new { })).AssertProblem(HttpStatusCode.NotFound, "patient_not_found");
    }

    [Fact]
    public async Task Erase_OfAnotherTenantsPatient_Is404_AndLeavesItAlone()
    {
        var other = fixture.Client(DemoKeys.OtherTest);
        var id = await other.CreatePatient(RequestBodies.FullPatient("Otto", "Other"));
        var stored = (await other.Get($"/v1/patients/{id}")).AssertStatus(HttpStatusCode.OK).Json!.ToJsonString();

        (await operations.Post($"/v1/patients/{id}/erase", new { })).AssertProblem(HttpStatusCode.NotFound, "patient_not_found");

        Assert.Equal(stored, (await other.Get($"/v1/patients/{id}")).AssertStatus(HttpStatusCode.OK).Json!.ToJsonString());
    }

    [Fact]
    public async Task Erase_WithAClientKey_Is403_AndChangesNothing()
    {
        var id = await api.CreatePatient();
        var stored = (await api.Get($"/v1/patients/{id}")).AssertStatus(HttpStatusCode.OK).Json!.ToJsonString();

        (await api.Post($"/v1/patients/{id}/erase", new { })).AssertProblem(HttpStatusCode.Forbidden, "forbidden");
        (await api.Send(HttpMethod.Post, $"/v1/patients/{id}/erase", "{}", keyOverride: "")).AssertProblem(HttpStatusCode.Unauthorized, "unauthorized");

        Assert.Equal(stored, (await api.Get($"/v1/patients/{id}")).AssertStatus(HttpStatusCode.OK).Json!.ToJsonString());
    }

    private static string Filter(string expression) => $"filter={Uri.EscapeDataString(expression)}";

    /// <summary>What one seeded patient wrote, and the unique values that must (or must not) survive.</summary>
    private sealed record Seeded(string PatientId, string Token, int BirthYear, string PatientOutward, string ExternalRef, IReadOnlyList<string> Markers, Dictionary<string, string> Statuses);

    /// <summary>
    /// A patient with a unique value in every personal field (registered with an Idempotency-Key, so its stored response
    /// holds them too), and appointments in several states carrying personal data in every event type that can.
    /// </summary>
    private async Task<Seeded> Seed()
    {
        var token = Guid.NewGuid().ToString("N")[..12];
        var random = new Random();
        var birth = Unique(() => new DateOnly(random.Next(1940, 1990), random.Next(2, 13), random.Next(1, 29)).ToString("yyyy-MM-dd"));
        var patientPostcode = Unique(() => Postcode(random));
        var patientOutward = patientPostcode[..patientPostcode.IndexOf(' ', StringComparison.Ordinal)];
        var appointmentPostcode = Unique(() => Postcode(random));
        var updatedPostcode = Unique(() => Postcode(random));
        var nhs = Unique(() => NhsNumber(random));
        string phone = Unique(() => Phone(random)), appointmentPhone = Unique(() => Phone(random)), updatedPhone = Unique(() => Phone(random));
        var externalRef = $"crm-{token}";

        var body = RequestBodies.FullPatient($"First{token}", $"Last{token}", externalRef);
        body["phone"] = phone;
        body["email"] = $"mail{token}@example.com";
        body["dateOfBirth"] = birth;
        body["nhsNumber"] = nhs;
        body["note"] = $"patientnote{token}";
        body["address"] = new JsonObject { ["line1"] = $"{token} Line One", ["line2"] = $"{token} Line Two", ["town"] = "Leeds", ["postcode"] = patientPostcode };
        var registered = await PostWithIdempotencyKey("/v1/patients", body.ToJsonString(), $"erasure-{token}");
        var patientId = registered.AssertStatus(HttpStatusCode.Created).Json!["id"]!.GetValue<string>();

        JsonObject Appointment(string? windowId = null)
        {
            var appointment = RequestBodies.Appointment(patientId, windowId: windowId);
            appointment["phone"] = appointmentPhone;
            appointment["note"] = $"aptnote{token}";
            appointment["location"] = new JsonObject { ["line1"] = $"{token} Visit Road", ["line3"] = $"{token} Estate", ["town"] = "London", ["postcode"] = appointmentPostcode };
            return appointment;
        }

        async Task<string> Create(JsonObject appointment) =>
            (await api.PostRaw("/v1/appointments", RequestBodies.WithRawMetadata(appointment, $$$"""{"ref":"meta{{{token}}}","nested":{"n":"deep{{{token}}}"}}""")))
                .AssertStatus(HttpStatusCode.Created).Json!["id"]!.GetValue<string>();

        var windowId = await api.OpenWindow("tsk_bloodtest", fixture.Clock.InDays(20), capacity: 10);
        var statuses = new Dictionary<string, string>();

        var waiting = await Create(Appointment());
        statuses[waiting] = "scheduling";

        var done = await Create(Appointment(windowId));
        (await api.PostRaw($"/v1/appointments/{done}/complete", $$"""{"data":{"result":"result{{token}}","readings":["reading{{token}}",7],"none":null},"note":"outcome{{token}}"}"""))
            .AssertStatus(HttpStatusCode.OK);
        statuses[done] = "completed";

        var cancelled = await Create(Appointment(windowId));
        (await api.Post($"/v1/appointments/{cancelled}/cancel", RequestBodies.Cancellation(note: $"cancelnote{token}"))).AssertStatus(HttpStatusCode.OK);
        statuses[cancelled] = "cancelled";

        var changed = await Create(Appointment(windowId));
        var patch = new JsonObject
        {
            ["note"] = $"changednote{token}",
            ["phone"] = updatedPhone,
            ["location"] = new JsonObject { ["line1"] = $"{token} New Street", ["town"] = "York", ["postcode"] = updatedPostcode },
            ["metadata"] = new JsonObject { ["changed"] = $"changedmeta{token}" },
        };
        (await api.Patch($"/v1/appointments/{changed}", patch)).AssertStatus(HttpStatusCode.OK);
        statuses[changed] = "scheduled";

        string[] markers =
        [
            $"First{token}", $"Last{token}", phone[1..], $"mail{token}@example.com", birth, nhs, $"patientnote{token}",
            $"{token} Line One", $"{token} Line Two", patientPostcode, appointmentPhone[1..], $"aptnote{token}", $"{token} Visit Road", $"{token} Estate",
            appointmentPostcode, $"meta{token}", $"deep{token}", $"result{token}", $"reading{token}", $"outcome{token}", $"cancelnote{token}",
            $"changednote{token}", updatedPhone[1..], $"{token} New Street", updatedPostcode, $"changedmeta{token}",
        ];
        // Phones are scanned without their '+', which JSON text may carry escaped (\u002B).
        return new Seeded(patientId, token, int.Parse(birth[..4], System.Globalization.CultureInfo.InvariantCulture), patientOutward, externalRef, markers, statuses);
    }

    /// <summary>The outbox wrote a delivery row per appointment event (with the personal data in its body) for our endpoint.</summary>
    private async Task DeliveriesWritten(params Seeded[] seeded)
    {
        foreach (var s in seeded)
        {
            await using var connection = new NpgsqlConnection(fixture.Factory.ConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"select count(*) from {Schema}.webhook_deliveries where endpoint_id = @e and body like @m", connection);
            command.Parameters.AddWithValue("e", endpoints[0]);
            command.Parameters.AddWithValue("m", $"%{s.Token}%");
            Assert.True((long)(await command.ExecuteScalarAsync())! >= 8, "the webhook outbox wrote no deliveries to scan");
        }
    }

    private async Task<long> DeliveryCount()
    {
        await using var connection = new NpgsqlConnection(fixture.Factory.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"select count(*) from {Schema}.webhook_deliveries where endpoint_id = @e", connection);
        command.Parameters.AddWithValue("e", endpoints[0]);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private async Task<ApiResponse> PostWithIdempotencyKey(string path, string body, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("Authorization", DemoKeys.DemoTest);
        request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        using var response = await api.Http.SendAsync(request);
        return await ApiResponse.From(response);
    }

    /// <summary>
    /// Every text-like column (text, varchar, char, json, jsonb, bytea read as escaped text) of every table in the
    /// service's schema, read for each marker, case-insensitively: marker → the "table.column"s holding it.
    /// </summary>
    private async Task<Dictionary<string, string>> Scan(IReadOnlyList<string> markers)
    {
        await using var connection = new NpgsqlConnection(fixture.Factory.ConnectionString);
        await connection.OpenAsync();
        var columns = new List<(string Table, string Column, string Type)>();
        await using (var command = new NpgsqlCommand(
            """
            select c.table_name, c.column_name, c.data_type from information_schema.columns c
            join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name and t.table_type = 'BASE TABLE'
            where c.table_schema = @s and c.data_type in ('text', 'character varying', 'character', 'json', 'jsonb', 'bytea')
            order by 1, 2
            """,
            connection))
        {
            command.Parameters.AddWithValue("s", Schema);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                columns.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2)));
            }
        }

        Assert.Contains(columns, c => c.Table == "mt_events" && c.Column == "data");
        Assert.Contains(columns, c => c.Table == "idempotency_keys" && c.Column == "body");
        var found = new Dictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        foreach (var (table, column, type) in columns)
        {
            var text = type == "bytea" ? $"encode(\"{column}\", 'escape')" : $"\"{column}\"::text";
            await using var command = new NpgsqlCommand(
                $"select m from unnest(@markers) m where exists (select 1 from {Schema}.\"{table}\" where strpos(lower({text}), lower(m)) > 0)", connection);
            command.Parameters.AddWithValue("markers", markers.ToArray());
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                var marker = reader.GetString(0);
                if (!found.TryGetValue(marker, out var places))
                {
                    found[marker] = places = new SortedSet<string>(StringComparer.Ordinal);
                }

                places.Add($"{table}.{column}");
            }
        }

        return found.ToDictionary(f => f.Key, f => string.Join(", ", f.Value), StringComparer.Ordinal);
    }

    private async Task<Dictionary<string, string>> AppointmentDocuments(string patientId)
    {
        await using var connection = new NpgsqlConnection(fixture.Factory.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"select id, data::text from {Schema}.mt_doc_appointmentdetails where data -> 'patient' ->> 'id' = @p", connection);
        command.Parameters.AddWithValue("p", patientId);
        var documents = new Dictionary<string, string>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            documents[reader.GetString(0)] = reader.GetString(1);
        }

        Assert.NotEmpty(documents);
        return documents;
    }

    private async Task<string> EventBodies(string streamId)
    {
        await using var connection = new NpgsqlConnection(fixture.Factory.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"select string_agg(data::text, '\n' order by version) from {Schema}.mt_events where stream_id = @s", connection);
        command.Parameters.AddWithValue("s", streamId);
        return (string)(await command.ExecuteScalarAsync())!;
    }

    private async Task Execute(string sql)
    {
        await using var connection = new NpgsqlConnection(fixture.Factory.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static readonly HashSet<string> Used = [];

    /// <summary>A random value no other seeded field of this run has (two patients must never share a marker).</summary>
    private static string Unique(Func<string> next)
    {
        lock (Used)
        {
            string value;
            do
            {
                value = next();
            }
            while (!Used.Add(value));
            return value;
        }
    }

    /// <summary>A random valid postcode of the form "A9 9AA" or "A99 9AA".</summary>
    private static string Postcode(Random random)
    {
        const string areas = "BEGLMNS";
        const string units = "ABDEFGHJLNPQRSTUWXYZ";
        return $"{areas[random.Next(areas.Length)]}{random.Next(1, 99)} {random.Next(10)}{units[random.Next(units.Length)]}{units[random.Next(units.Length)]}";
    }

    /// <summary>A random UK mobile number libphonenumber accepts: 0771x (x 1-7) and 6 digits, within its 07[1-7]x mobile pattern.</summary>
    private static string Phone(Random random) => $"+44771{random.Next(1, 8)}{random.Next(100_000, 1_000_000)}";

    /// <summary>A random 10-digit NHS number with a valid modulus-11 check digit.</summary>
    private static string NhsNumber(Random random)
    {
        while (true)
        {
            var digits = Enumerable.Range(0, 9).Select(_ => random.Next(10)).ToArray();
            var check = 11 - (digits.Select((d, i) => d * (10 - i)).Sum() % 11);
            check = check == 11 ? 0 : check;
            if (check != 10)
            {
                return string.Concat(digits) + check;
            }
        }
    }
}

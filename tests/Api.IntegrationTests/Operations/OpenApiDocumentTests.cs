using System.Net;
using System.Text.Json.Nodes;
using Scheduling.Api.IntegrationTests.Infrastructure;

namespace Scheduling.Api.IntegrationTests.Operations;

/// <summary>
/// The served document against the rules of the contract's "Operations" section that hold for every operation,
/// checked over the whole document so endpoints added later are covered without new tests.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class OpenApiDocumentTests(ApiFixture fixture)
{
    private async Task<JsonNode> Document() =>
        (await fixture.Client(string.Empty).Get("/openapi/v1.json")).AssertStatus(HttpStatusCode.OK).Json!;

    [Fact]
    public async Task NodaTimeValues_AreInlineStringsWithAFormat_NullableOnesToo()
    {
        var schemas = (await Document())["components"]!["schemas"]!;
        // Required request members are non-nullable (the server answers null as missing); optional ones take null.
        AssertScalar(schemas["OpenWindowRequest"]!["properties"]!["start"]!, "date-time", nullable: false);
        AssertScalar(schemas["WindowResponse"]!["properties"]!["start"]!, "date-time", nullable: false);
        AssertScalar(schemas["RegisterPatientRequest"]!["properties"]!["dateOfBirth"]!, "date", nullable: false);
        AssertScalar(schemas["CreateAppointmentRequest"]!["properties"]!["planFrom"]!, "date", nullable: true);
        AssertScalar(schemas["PatientResponse"]!["properties"]!["dateOfBirth"]!, "date", nullable: false);
        AssertScalar(schemas["AppointmentResponse"]!["properties"]!["planFrom"]!, "date", nullable: true);
        Assert.Null(schemas["Instant"]);
        Assert.Null(schemas["LocalDate"]);
    }

    [Fact]
    public async Task EverySchema_HasOneTypePerValue_EnumsAreStrings_AndNoOneOfPointsAtAnEmptySchema()
    {
        var document = await Document();
        var schemas = document["components"]!["schemas"]!.AsObject();
        foreach (var (path, schema) in Walk(document, "$"))
        {
            var types = Types(schema);
            Assert.False(types.Contains("integer") && types.Contains("string"), $"{path} is 'integer or string'");
            if (schema["enum"] is not null)
            {
                Assert.True(types.Contains("string"), $"{path} is an enum without type: string");
            }

            foreach (var branch in schema["oneOf"]?.AsArray() ?? [])
            {
                if (branch?["$ref"]?.GetValue<string>() is { } reference)
                {
                    var target = schemas[reference.Split('/')[^1]]!.AsObject();
                    Assert.True(target.ContainsKey("type") || target.ContainsKey("enum"), $"{path} has a oneOf branch {reference} with no type");
                }
            }
        }

        Assert.Equal(["scheduling", "scheduled", "completed", "no_show", "cancelled"], schemas["AppointmentStatus"]!["enum"]!.AsArray().Select(v => v!.GetValue<string>()));
        Assert.Equal(["choose_a_time", "patient_led"], schemas["SchedulingMode"]!["enum"]!.AsArray().Select(v => v!.GetValue<string>()));
    }

    [Fact]
    public async Task OptionalRequestFields_AreNotRequired()
    {
        var schemas = (await Document())["components"]!["schemas"]!;
        foreach (var name in new[] { "AddressRequest", "CreateAppointmentRequest", "RegisterPatientRequest", "OpenWindowRequest" })
        {
            var required = schemas[name]!["required"]?.AsArray().Select(v => v!.GetValue<string>()).ToList() ?? [];
            foreach (var optional in new[] { "line2", "line3", "county", "windowId", "planFrom", "planTo", "metadata", "nhsNumber", "externalRef", "note" })
            {
                Assert.DoesNotContain(optional, required);
            }
        }
    }

    [Fact]
    public async Task EveryOperation_DeclaresWhatTheMiddlewareCanAnswer()
    {
        var paths = (await Document())["paths"]!.AsObject();
        foreach (var (path, item) in paths)
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                var responses = operation!["responses"]!.AsObject();
                var name = $"{method.ToUpperInvariant()} {path}";
                if (path.StartsWith("/health/", StringComparison.Ordinal))
                {
                    Assert.Empty(operation["security"]!.AsArray());
                    Assert.Equal("string", responses["200"]!["content"]!["text/plain"]!["schema"]!["type"]!.GetValue<string>());
                    Assert.False(responses.ContainsKey("401"), $"{name} needs no key");
                    Assert.False(responses.ContainsKey("429"), $"{name} is not rate limited");
                    continue;
                }

                Assert.Null(operation["security"]); // the document's API-key requirement applies
                AssertProblem(responses, "401", name);
                AssertProblem(responses, "429", name);
                Assert.True(responses["429"]!["headers"]?["Retry-After"] is not null, $"{name}: 429 without Retry-After");
                Assert.True(responses["503"]!["headers"]?["Retry-After"] is not null, $"{name}: 503 without Retry-After");
                if (method == "post")
                {
                    Assert.Contains("invalid_idempotency_key", AssertProblem(responses, "400", name), StringComparison.Ordinal);
                    Assert.Contains("idempotency_key_in_use", AssertProblem(responses, "409", name), StringComparison.Ordinal);
                    Assert.Contains("idempotency_key_reused", AssertProblem(responses, "422", name), StringComparison.Ordinal);
                    var success = responses.Single(r => r.Key.StartsWith('2')).Value!;
                    Assert.True(success["headers"]?["Idempotent-Replayed"] is not null, $"{name}: success without Idempotent-Replayed");
                }
            }
        }
    }

    [Fact]
    public async Task EveryPathId_CarriesItsPrefixPattern_AndAnIdOfAnotherShapeIsNotFound()
    {
        var paths = (await Document())["paths"]!.AsObject();
        var client = fixture.Client();
        var checkedPaths = 0;
        foreach (var (path, item) in paths.Where(p => p.Key.Contains("{id}", StringComparison.Ordinal)))
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                var id = operation!["parameters"]!.AsArray().Single(p => p!["in"]!.GetValue<string>() == "path" && p["name"]!.GetValue<string>() == "id")!;
                var pattern = id["schema"]!["pattern"]?.GetValue<string>();
                Assert.True(pattern is not null && System.Text.RegularExpressions.Regex.IsMatch(pattern, "^\\^[a-z]+_\\[A-Za-z0-9\\]"), $"{method} {path}: id without a prefix pattern");
            }

            if (item["get"] is not null)
            {
                // Another resource's id (right shape, wrong prefix) can never name this one.
                var response = await client.Get(path.Replace("{id}", "zz_1", StringComparison.Ordinal));
                response.AssertStatus(HttpStatusCode.NotFound);
                checkedPaths++;
            }
        }

        Assert.True(checkedPaths >= 6, $"only {checkedPaths} GET paths with an id");
    }

    [Fact]
    public async Task AQueryParameterTheOperationDoesNotTake_IsRefusedByName_OnEveryOperation()
    {
        var paths = (await Document())["paths"]!.AsObject();
        var client = fixture.Client();
        var operations = fixture.Client(DemoKeys.DemoOperations);
        foreach (var (path, item) in paths.Where(p => p.Key.StartsWith("/v1/", StringComparison.Ordinal)))
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                var id = operation!["parameters"]?.AsArray().FirstOrDefault(p => p!["in"]!.GetValue<string>() == "path")?["schema"]?["pattern"]?.GetValue<string>();
                var url = path.Replace("{id}", id is null ? "x" : id[1..id.IndexOf('[', StringComparison.Ordinal)] + "1", StringComparison.Ordinal) + "?fitler=status%3A%22scheduled%22";
                var response = await (operation["responses"]?["403"] is null ? client : operations).Send(new HttpMethod(method.ToUpperInvariant()), url);
                Assert.True(response.Status == HttpStatusCode.BadRequest && response.Json?["errors"]?["fitler"] is not null, $"{method} {url}: {(int)response.Status} {response.Body}");
            }
        }

        // The binder reads names ignoring case, so what it honours is not refused.
        (await client.Get("/v1/patients?LIMIT=1")).AssertStatus(HttpStatusCode.OK);
    }

    [Fact]
    public async Task TheProblemSchema_HasACodeAndTypedFieldErrors()
    {
        var problem = (await Document())["components"]!["schemas"]!["ProblemDetails"]!;
        var properties = problem["properties"]!;
        Assert.Equal("string", properties["code"]!["type"]!.GetValue<string>());
        Assert.Equal("integer", properties["status"]!["type"]!.GetValue<string>());
        Assert.Equal("object", properties["errors"]!["type"]!.GetValue<string>());
        Assert.Equal("array", properties["errors"]!["additionalProperties"]!["type"]!.GetValue<string>());
        Assert.Equal("string", properties["errors"]!["additionalProperties"]!["items"]!["type"]!.GetValue<string>());
        Assert.Contains("code", problem["required"]!.AsArray().Select(v => v!.GetValue<string>()));
    }

    [Fact]
    public async Task AnIntegerSentAsAString_IsRefused_AsTheDocumentSays()
    {
        var response = await fixture.Client().PostRaw(
            "/v1/availability/windows", """{"taskId":"tsk_bloodtest","start":"2031-02-03T09:00:00Z","end":"2031-02-03T10:00:00Z","capacity":"5"}""");
        response.AssertFieldError("capacity");
    }

    private static string AssertProblem(JsonObject responses, string status, string operation)
    {
        Assert.True(responses[status]?["content"]?["application/problem+json"]?["schema"] is not null, $"{operation} does not declare a {status} problem");
        return responses[status]!["description"]!.GetValue<string>();
    }

    private static void AssertScalar(JsonNode schema, string format, bool nullable)
    {
        Assert.Null(schema["oneOf"]);
        Assert.Null(schema["$ref"]);
        Assert.Equal(format, schema["format"]!.GetValue<string>());
        var types = Types(schema);
        Assert.Contains("string", types);
        Assert.Equal(nullable, types.Contains("null"));
    }

    private static List<string> Types(JsonNode schema) => schema["type"] switch
    {
        JsonArray array => [.. array.Select(t => t!.GetValue<string>())],
        JsonValue value => [value.GetValue<string>()],
        _ => [],
    };

    /// <summary>Every schema object in the document: component schemas, their properties and items, and inline ones.</summary>
    private static IEnumerable<(string Path, JsonObject Schema)> Walk(JsonNode? node, string path)
    {
        switch (node)
        {
            case JsonObject obj:
                if (obj.ContainsKey("type") || obj.ContainsKey("enum") || obj.ContainsKey("oneOf"))
                {
                    yield return (path, obj);
                }

                foreach (var (key, child) in obj)
                {
                    foreach (var found in Walk(child, $"{path}.{key}"))
                    {
                        yield return found;
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    foreach (var found in Walk(array[i], $"{path}[{i}]"))
                    {
                        yield return found;
                    }
                }

                break;
        }
    }
}

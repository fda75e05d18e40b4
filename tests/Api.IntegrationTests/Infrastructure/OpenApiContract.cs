using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Schema;

namespace Scheduling.Api.IntegrationTests.Infrastructure;

/// <summary>
/// The served OpenAPI document as a check on every response the integration tests receive (issue 9 item 5): the
/// status is declared for the operation, required declared headers are present, the content type is declared and
/// a JSON body is valid against its schema. Requests to paths the document does not describe (unknown routes, the
/// document itself) and methods a path does not have (405) are not operations, so they are not checked.
/// </summary>
public sealed class OpenApiContract
{
    private readonly List<(string Method, Regex Path, string Template, JsonObject Operation)> operations = [];
    private readonly JsonObject schemas;
    private readonly ConcurrentDictionary<string, JsonSchema> compiled = new();

    public OpenApiContract(JsonNode document)
    {
        schemas = document["components"]?["schemas"]?.AsObject() ?? [];
        foreach (var (template, item) in document["paths"]!.AsObject())
        {
            var pattern = new Regex("^" + Regex.Replace(Regex.Escape(template), @"\\\{[^/]+?\}", "[^/]+") + "$", RegexOptions.CultureInvariant);
            foreach (var (method, operation) in item!.AsObject())
            {
                operations.Add((method.ToUpperInvariant(), pattern, template, operation!.AsObject()));
            }
        }
    }

    public static async Task<OpenApiContract> Load(HttpClient http)
    {
        using var response = await http.GetAsync(new Uri("/openapi/v1.json", UriKind.Relative));
        response.EnsureSuccessStatusCode();
        return new OpenApiContract(JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
    }

    public void Verify(HttpMethod method, string requestPath, ApiResponse response)
    {
        var path = requestPath.Split('?')[0];
        var candidates = operations.Where(o => o.Path.IsMatch(path)).ToList();
        var match = candidates.Where(o => o.Method == method.Method)
            .OrderBy(o => o.Template.Count(c => c == '{')) // a literal segment beats a parameter
            .Select(o => ((string, string, JsonObject)?)(o.Method, o.Template, o.Operation)).FirstOrDefault();
        if (match is not { } found)
        {
            return;
        }

        var (_, template, operation) = found;
        var name = $"{method.Method} {template}";
        var status = ((int)response.Status).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var responses = operation["responses"]!.AsObject();
        var declared = responses[status] ?? responses[$"{status[0]}XX"] ?? responses["default"];
        Assert.True(declared is not null, $"{name} answered {status}, which the OpenAPI document does not declare for it. Body: {response.Body}");

        foreach (var (header, definition) in declared!["headers"]?.AsObject() ?? [])
        {
            if (definition?["required"]?.GetValue<bool>() == true)
            {
                Assert.True(response.Headers.Contains(header), $"{name} {status} lacks the required header '{header}' the document declares");
            }
        }

        if (response.Body.Length == 0)
        {
            return;
        }

        var content = declared["content"]?.AsObject();
        Assert.True(content is not null && response.ContentType is not null && content.ContainsKey(response.ContentType),
            $"{name} {status} answered '{response.ContentType}', which the document does not declare ({string.Join(", ", content?.Select(c => c.Key) ?? [])})");
        var schema = content![response.ContentType!]!["schema"];
        if (schema is null || !response.ContentType!.Contains("json", StringComparison.Ordinal))
        {
            return;
        }

        var key = $"{name} {status} {response.ContentType}";
        var compiledSchema = compiled.GetOrAdd(key, _ => Compile(schema));
        using var body = JsonDocument.Parse(response.Body);
        var result = compiledSchema.Evaluate(body.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        Assert.True(result.IsValid, $"{name} {status}: the body does not match the document's schema:\n{Describe(result)}\nBody: {response.Body}");
    }

    /// <summary>Evaluates any value against a schema of the document (its $refs resolved), e.g. an example against its own schema.</summary>
    public EvaluationResults Evaluate(JsonNode schema, JsonNode? instance)
    {
        using var value = JsonDocument.Parse(instance?.ToJsonString() ?? "null");
        return Compile(schema).Evaluate(value.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
    }

    public static string Explain(EvaluationResults result) => Describe(result);

    // OpenAPI 3.1 schemas are JSON Schema 2020-12; the components travel along as $defs.
    private JsonSchema Compile(JsonNode schema)
    {
        var text = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["$defs"] = schemas.DeepClone(),
            ["allOf"] = new JsonArray(schema.DeepClone()),
        }.ToJsonString().Replace("#/components/schemas/", "#/$defs/", StringComparison.Ordinal);
        return JsonSchema.FromText(text, baseUri: new Uri($"https://contract.scheduling.test/{Guid.NewGuid():N}"));
    }

    private static string Describe(EvaluationResults result) =>
        string.Join('\n', (result.Details ?? []).Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"  {d.InstanceLocation}: {e.Key}: {e.Value}")).Take(20));
}

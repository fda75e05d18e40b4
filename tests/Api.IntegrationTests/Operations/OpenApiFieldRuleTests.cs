using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Scheduling.Api.Development;
using Scheduling.Api.IntegrationTests.Infrastructure;

namespace Scheduling.Api.IntegrationTests.Operations;

/// <summary>
/// The document's field constraints are the server's rules (issue 9): for every create body, each documented
/// length and range bound is sent to the server just inside and just outside. Outside must be a 400 naming that
/// field; inside must not. A rule changed in the domain without the document (or the reverse) fails here.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed partial class OpenApiFieldRuleTests(ApiFixture fixture)
{
    private static readonly string[] CreatePaths = ["/v1/patients", "/v1/availability/windows", "/v1/appointments", "/v1/webhooks/endpoints"];

    [Fact]
    public async Task EveryDocumentedBound_IsWhereTheServerDrawsIt()
    {
        await DemoData.Seed(fixture.Factory.Services, CancellationToken.None);
        var document = (await fixture.Client(string.Empty).Get("/openapi/v1.json")).AssertStatus(HttpStatusCode.OK).Json!;
        var schemas = document["components"]!["schemas"]!;
        var client = fixture.Client();
        var probed = new List<string>();
        foreach (var path in CreatePaths)
        {
            var media = document["paths"]![path]!["post"]!["requestBody"]!["content"]!["application/json"]!;
            var example = media["example"]!.AsObject();
            foreach (var (member, schema) in Members(schemas, Resolve(schemas, media["schema"]!), string.Empty))
            {
                foreach (var (inside, outside, bound) in Bounds(schema))
                {
                    var refused = await Send(client, path, example, member, outside);
                    Assert.True(refused.Status == HttpStatusCode.BadRequest && refused.Json?["errors"]?[member] is not null,
                        $"{path} {member}: the document's {bound} allows no more, but the server did not refuse it by name: {(int)refused.Status} {refused.Body}");
                    var accepted = await Send(client, path, example, member, inside);
                    Assert.True(accepted.Json?["errors"]?[member] is null, $"{path} {member}: the document's {bound} allows it, the server refused it: {accepted.Body}");
                    probed.Add($"{path} {member} {bound}");
                }
            }
        }

        // Names, address lines, ids, notes, references, capacity, descriptions, URLs.
        Assert.True(probed.Count >= 20, "only probed: " + string.Join("; ", probed));
    }

    /// <summary>Each documented bound as (a value just inside, one just outside, what was checked).</summary>
    private static IEnumerable<(JsonNode Inside, JsonNode Outside, string Bound)> Bounds(JsonNode schema)
    {
        var pattern = schema["pattern"]?.GetValue<string>();
        var prefix = pattern is null || pattern == "\\S" ? string.Empty : IdPattern().Match(pattern) is { Success: true } id ? id.Groups[1].Value : null;
        if (prefix is null || schema["format"] is not null || schema["x-rule"] is not null)
        {
            yield break; // phones, e-mail addresses, postcodes, times: their values are not built from a length alone
        }

        if (schema["maxLength"]?.GetValue<int>() is { } max)
        {
            yield return (prefix + new string('a', max - prefix.Length), prefix + new string('a', max - prefix.Length + 1), $"maxLength {max}");
        }

        if (schema["minLength"]?.GetValue<int>() is > 1 and var min && prefix.Length == 0)
        {
            yield return (new string('a', min), new string('a', min - 1), $"minLength {min}");
        }

        if (schema["minimum"]?.GetValue<int>() is { } minimum)
        {
            yield return (minimum, minimum - 1, $"minimum {minimum}");
        }

        if (schema["maximum"]?.GetValue<int>() is { } maximum)
        {
            yield return (maximum, maximum + 1, $"maximum {maximum}");
        }
    }

    private static async Task<ApiResponse> Send(ApiClient client, string path, JsonObject example, string member, JsonNode value)
    {
        var body = example.DeepClone().AsObject();
        var parts = member.Split('.');
        var target = body;
        foreach (var part in parts[..^1])
        {
            target = target[part]!.AsObject();
        }

        target[parts[^1]] = value.DeepClone();
        return await client.Post(path, body);
    }

    /// <summary>The scalar members of a body (one level of nested objects), by JSON path.</summary>
    private static IEnumerable<(string Member, JsonNode Schema)> Members(JsonNode schemas, JsonNode schema, string prefix)
    {
        foreach (var (name, property) in schema["properties"]?.AsObject() ?? [])
        {
            var resolved = Resolve(schemas, property!);
            if (resolved["properties"] is not null)
            {
                foreach (var nested in Members(schemas, resolved, $"{prefix}{name}."))
                {
                    yield return nested;
                }
            }
            else
            {
                yield return ($"{prefix}{name}", resolved);
            }
        }
    }

    private static JsonNode Resolve(JsonNode schemas, JsonNode schema)
    {
        var reference = schema["$ref"] ?? schema["oneOf"]?.AsArray().Select(b => b!["$ref"]).FirstOrDefault(r => r is not null);
        return reference is null ? schema : schemas[reference.GetValue<string>().Split('/')[^1]]!;
    }

    [GeneratedRegex(@"^\^([a-z]+_)\[A-Za-z0-9\]")]
    private static partial Regex IdPattern();
}

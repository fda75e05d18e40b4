using System.Net;
using System.Net.Http.Headers;
using Scheduling.Api.IntegrationTests.Infrastructure;

namespace Scheduling.Api.IntegrationTests.Http;

/// <summary>Hostile and broken bodies always get a clear problem response, never a 500.</summary>
[Collection(ApiCollection.Name)]
public sealed class RequestBodyTests(ApiFixture fixture)
{
    private readonly ApiClient api = fixture.Client();

    [Theory]
    [InlineData("{\"patientId\": ")]
    [InlineData("not json at all")]
    [InlineData("{\"a\":1,}")]
    [InlineData("[1,2,3]")]
    [InlineData("null")]
    [InlineData("\"just a string\"")]
    [InlineData("")]
    public async Task MalformedOrNonObjectJson_Is400MalformedJson(string body)
    {
        (await api.PostRaw("/v1/appointments", body)).AssertProblem(HttpStatusCode.BadRequest, "malformed_json");
    }

    [Fact]
    public async Task InvalidUtf8_Is400MalformedJson()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/appointments");
        request.Headers.TryAddWithoutValidation("Authorization", DemoKeys.DemoTest);
        request.Content = new ByteArrayContent([(byte)'{', (byte)'"', (byte)'n', (byte)'o', (byte)'t', (byte)'e', (byte)'"', (byte)':', (byte)'"', 0xC3, 0x28, (byte)'"', (byte)'}']);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await api.Http.SendAsync(request);
        (await ApiResponse.From(response)).AssertProblem(HttpStatusCode.BadRequest, "malformed_json");
    }

    [Fact]
    public async Task DeepNesting_Is400MalformedJson()
    {
        var body = "{\"metadata\":" + new string('[', 200) + new string(']', 200) + "}";
        (await api.PostRaw("/v1/appointments", body)).AssertProblem(HttpStatusCode.BadRequest, "malformed_json");
    }

    [Theory]
    [InlineData("{\"patientId\": 12}", "patientId")]
    [InlineData("{\"location\": \"1 High St\"}", "location")]
    [InlineData("{\"documentIds\": \"doc_1\"}", "documentIds")]
    [InlineData("{\"documentIds\": [\"doc_1\", 7]}", "documentIds[1]")]
    [InlineData("{\"planFrom\": \"next tuesday\"}", "planFrom")]
    [InlineData("{\"location\": {\"postcode\": false}}", "location.postcode")]
    public async Task WrongJsonTypes_Are400KeyedByPath(string body, string path)
    {
        (await api.PostRaw("/v1/appointments", body)).AssertFieldError(path);
    }

    [Fact]
    public async Task UnknownField_Is400()
    {
        var response = await api.PostRaw("/v1/appointments", "{\"windowIdentifier\": \"win_1\"}");
        response.AssertProblem(HttpStatusCode.BadRequest, "validation_failed");
    }

    [Fact]
    public async Task NonJsonContentType_Is415Problem()
    {
        (await api.Send(HttpMethod.Post, "/v1/appointments", "patientId=p_1", "application/x-www-form-urlencoded"))
            .AssertProblem(HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
    }

    [Fact]
    public async Task BodyOverOneMebibyte_Is413Problem()
    {
        var body = "{\"note\":\"" + new string('x', (1024 * 1024) + 10) + "\"}";
        (await api.PostRaw("/v1/appointments", body)).AssertProblem(HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
    }

    [Fact]
    public async Task UnknownRouteUnderV1_Is404Problem()
    {
        (await api.Get("/v1/nothing-here")).AssertProblem(HttpStatusCode.NotFound, "not_found");
    }
}

using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using NodaTime;

namespace Scheduling.Api.IntegrationTests.Infrastructure;

/// <summary>A thin HTTP client for the tests: raw bodies in, status and parsed JSON out, plus shortcuts that create what a test needs.</summary>
/// <remarks>Clients from <see cref="ApiFixture.Client"/> check every response against the served OpenAPI document.</remarks>
public sealed class ApiClient(HttpClient http, string key, OpenApiContract? contract = null)
{
    public HttpClient Http => http;

    public async Task<ApiResponse> Send(
        HttpMethod method, string path, string? body = null, string contentType = "application/json", string? keyOverride = null, string? ifMatch = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        var authorization = keyOverride ?? key;
        if (authorization.Length > 0)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        using var response = await http.SendAsync(request);
        var answer = await ApiResponse.From(response);
        contract?.Verify(method, path, answer);
        return answer;
    }

    public Task<ApiResponse> Post(string path, object body) => Send(HttpMethod.Post, path, JsonSerializer.Serialize(body));

    public Task<ApiResponse> Post(string path, JsonObject body) => PostRaw(path, body.ToJsonString());

    public Task<ApiResponse> PostRaw(string path, string body) => Send(HttpMethod.Post, path, body);

    public Task<ApiResponse> Get(string path) => Send(HttpMethod.Get, path);

    /// <summary>A JSON merge patch (<c>application/merge-patch+json</c>), optionally conditional on <paramref name="ifMatch"/>.</summary>
    public Task<ApiResponse> Patch(string path, string body, string? ifMatch = null) =>
        Send(HttpMethod.Patch, path, body, "application/merge-patch+json", ifMatch: ifMatch);

    /// <summary>A JSON merge patch as an object, sent as <c>application/merge-patch+json</c> unless told otherwise.</summary>
    public Task<ApiResponse> Patch(string path, JsonObject body, string contentType = "application/merge-patch+json") =>
        Send(HttpMethod.Patch, path, body.ToJsonString(), contentType);

    /// <summary>A patient with <paramref name="body"/>'s fields (from <see cref="RequestBodies.Patient"/>), its id.</summary>
    public async Task<string> CreatePatient(JsonObject body) => Created(await Post("/v1/patients", body));

    public Task<string> CreatePatient() => CreatePatient(RequestBodies.Patient());

    public async Task<string> OpenWindow(string taskId, Instant start, int capacity = 5, Duration? length = null) =>
        Created(await Post("/v1/availability/windows", RequestBodies.Window(taskId, start, capacity, length)));

    public Task<ApiResponse> CreateAppointment(JsonObject body) => Post("/v1/appointments", body);

    private static string Created(ApiResponse response) => response.AssertStatus(HttpStatusCode.Created).Json!["id"]!.GetValue<string>();
}

public sealed record ApiResponse(HttpStatusCode Status, string Body, string? ContentType, HttpResponseHeaders Headers)
{
    public JsonNode? Json => Body.Length == 0 ? null : JsonNode.Parse(Body);

    public string? Code => Json?["code"]?.GetValue<string>();

    public static async Task<ApiResponse> From(HttpResponseMessage response) =>
        new(response.StatusCode, await response.Content.ReadAsStringAsync(), response.Content.Headers.ContentType?.MediaType, response.Headers);

    public ApiResponse AssertStatus(HttpStatusCode expected)
    {
        Assert.True(Status == expected, $"Expected {(int)expected} but got {(int)Status}: {Body}");
        return this;
    }

    /// <summary>Asserts an RFC 9457 problem with the given status and machine code.</summary>
    public ApiResponse AssertProblem(HttpStatusCode expected, string code)
    {
        AssertStatus(expected);
        Assert.Equal("application/problem+json", ContentType);
        Assert.Equal(code, Code);
        Assert.Equal((int)expected, Json!["status"]!.GetValue<int>());
        Assert.False(string.IsNullOrEmpty(Json["title"]?.GetValue<string>()));
        Assert.False(string.IsNullOrEmpty(Json["detail"]?.GetValue<string>()));
        return this;
    }

    public ApiResponse AssertFieldError(string path)
    {
        AssertProblem(HttpStatusCode.BadRequest, "validation_failed");
        var errors = Json!["errors"]?.AsObject();
        Assert.True(errors is not null && errors.ContainsKey(path), $"Expected an error for '{path}' in {Body}");
        return this;
    }
}

using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Scheduling.Reliability.Tests.Infrastructure;

public sealed record Reply(HttpStatusCode Status, string Body, string? ContentType)
{
    public JsonNode? Json => Body.Length > 0 && ContentType?.Contains("json", StringComparison.Ordinal) == true ? JsonNode.Parse(Body) : null;

    public string Id => Json!["id"]!.GetValue<string>();
}

/// <summary>A small HTTP client of the real service; failures to connect come back as a status 0 reply.</summary>
public sealed class Http(Uri baseAddress, string key = Http.DemoKey) : IDisposable
{
    public const string DemoKey = "test_demo_0000000000000000";
    public const string DemoLiveKey = "live_demo_0000000000000000";
    public const string OtherKey = "test_other_0000000000000000";
    public const string Phone = "+447911123456";

    // UTF-8 header encoding lets the hostile tests put any character on the wire; the server decides what to refuse.
    private readonly HttpClient client = new(new SocketsHttpHandler { MaxConnectionsPerServer = 64, RequestHeaderEncodingSelector = (_, _) => Encoding.UTF8 }) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };

    public async Task<Reply> Send(HttpMethod method, string path, string? body = null, string? contentType = "application/json", IDictionary<string, string>? headers = null, byte[]? rawBody = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (key.Length > 0)
        {
            request.Headers.TryAddWithoutValidation("Authorization", key);
        }

        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.Remove(name);
            request.Headers.TryAddWithoutValidation(name, value);
        }

        if (body is not null || rawBody is not null)
        {
            request.Content = new ByteArrayContent(rawBody ?? Encoding.UTF8.GetBytes(body!));
            if (contentType is not null)
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            }
        }

        try
        {
            using var response = await client.SendAsync(request);
            return new Reply(response.StatusCode, await response.Content.ReadAsStringAsync(), response.Content.Headers.ContentType?.MediaType);
        }
        catch (HttpRequestException exception)
        {
            return new Reply(0, exception.Message, null);
        }
        catch (TaskCanceledException exception)
        {
            return new Reply(0, exception.Message, null);
        }
    }

    public Task<Reply> Post(string path, object body) => Send(HttpMethod.Post, path, JsonSerializer.Serialize(body));

    public Task<Reply> Get(string path) => Send(HttpMethod.Get, path);

    public async Task<string> Patient()
    {
        var reply = await Post("/v1/patients", new { firstName = "Rel", lastName = "Iable", phone = Phone, email = "rel@example.com", dateOfBirth = "1970-01-01" });
        Assert.True(reply.Status == HttpStatusCode.Created, reply.Body);
        return reply.Id;
    }

    public async Task<string> Window(int capacity, int daysAhead = 5, string taskId = "tsk_bloodtest")
    {
        var start = DateTime.UtcNow.Date.AddDays(daysAhead).AddHours(9 + Random.Shared.Next(0, 8));
        var reply = await Post("/v1/availability/windows", new { taskId, start = start.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture), end = start.AddHours(2).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture), capacity });
        Assert.True(reply.Status == HttpStatusCode.Created, reply.Body);
        return reply.Id;
    }

    public static object Appointment(string patientId, string? windowId = null, string? externalRef = null) => new
    {
        patientId,
        taskId = "tsk_bloodtest",
        windowId,
        externalRef,
        phone = Phone,
        location = new { line1 = "1 High Street", town = "London", postcode = "SW1A 1AA" },
    };

    public static readonly object CancelBody = new { causingEntity = "patient", cancellingEntity = "organisation", reasonCode = "patient_unavailable" };

    public void Dispose() => client.Dispose();
}

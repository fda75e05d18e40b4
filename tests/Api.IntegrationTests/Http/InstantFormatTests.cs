using System.Net;
using System.Text.Json.Nodes;
using Npgsql;
using Scheduling.Api.IntegrationTests.Infrastructure;

namespace Scheduling.Api.IntegrationTests.Http;

/// <summary>Contract "Conventions": request instants are any RFC 3339 date-time with an offset; responses and the event store keep UTC 'Z'.</summary>
[Collection(ApiCollection.Name)]
public sealed class InstantFormatTests(ApiFixture fixture)
{
    private readonly ApiClient api = fixture.Client();

    [Theory]
    [InlineData("2031-01-07T09:00:00Z", "2031-01-07T11:00:00Z", "2031-01-07T09:00:00Z", "2031-01-07T11:00:00Z")]
    [InlineData("2031-01-07T09:00:00+00:00", "2031-01-07T11:00:00+00:00", "2031-01-07T09:00:00Z", "2031-01-07T11:00:00Z")]
    [InlineData("2031-01-07T10:00:00+01:00", "2031-01-07T12:00:00+01:00", "2031-01-07T09:00:00Z", "2031-01-07T11:00:00Z")]
    [InlineData("2031-01-07T03:30:00-05:30", "2031-01-07T11:00:00Z", "2031-01-07T09:00:00Z", "2031-01-07T11:00:00Z")]
    [InlineData("2031-01-07T10:00:00.123456789+01:00", "2031-01-07T11:00:00.5Z", "2031-01-07T09:00:00.123456789Z", "2031-01-07T11:00:00.5Z")]
    public async Task OpenWindow_WithAnyRfc3339Offset_StoresAndAnswersTheUtcInstant(string start, string end, string utcStart, string utcEnd)
    {
        var response = (await api.PostRaw("/v1/availability/windows", Window(start, end))).AssertStatus(HttpStatusCode.Created);

        Assert.Equal(utcStart, response.Json!["start"]!.GetValue<string>());
        Assert.Equal(utcEnd, response.Json["end"]!.GetValue<string>());

        // The event store keeps the form it always had: UTC with 'Z'.
        var stored = await StoredOpenedEvent(response.Json["id"]!.GetValue<string>());
        Assert.Equal(utcStart, stored["start"]!.GetValue<string>());
        Assert.Equal(utcEnd, stored["end"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("2032-03-04T09:00:00", "start")]
    [InlineData("2032-03-04T09:00:00.5", "start")]
    [InlineData("2032-03-04T09:00:00+01", "start")]
    [InlineData("2032-03-04", "start")]
    public async Task OpenWindow_WithADateTimeWithoutAnOffset_Is400NamingTheField(string start, string field)
    {
        var response = await api.PostRaw("/v1/availability/windows", Window(start, "2032-03-04T11:00:00Z"));

        response.AssertFieldError(field);
        var message = response.Json!["errors"]![field]![0]!.GetValue<string>();
        Assert.Contains("offset", message, StringComparison.Ordinal);
        Assert.DoesNotContain(start, message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListFilter_TakesAnInstantWithAnOffset()
    {
        var response = await api.Get("/v1/appointments?filter=" + Uri.EscapeDataString("createdAt>=\"2020-01-01T01:00:00+01:00\"") + "&limit=1");
        response.AssertStatus(HttpStatusCode.OK);
        var bad = await api.Get("/v1/appointments?filter=" + Uri.EscapeDataString("createdAt>=\"2020-01-01T01:00:00\""));
        bad.AssertProblem(HttpStatusCode.BadRequest, "validation_failed");
    }

    private static string Window(string start, string end) =>
        new JsonObject { ["taskId"] = "tsk_bloodtest", ["start"] = start, ["end"] = end, ["capacity"] = 2 }.ToJsonString();

    private async Task<JsonNode> StoredOpenedEvent(string windowId)
    {
        await using var connection = new NpgsqlConnection(fixture.Factory.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "select data::text from scheduling.mt_events where stream_id = @id and type = 'window.opened'", connection);
        command.Parameters.AddWithValue("id", windowId);
        var data = (string?)await command.ExecuteScalarAsync();
        Assert.NotNull(data);
        return JsonNode.Parse(data)!;
    }
}

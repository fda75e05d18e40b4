using MediatR;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Scheduling.Api.Contracts;
using Scheduling.Api.OpenApi;
using Scheduling.Application.Events.Feed;

namespace Scheduling.Api.Endpoints;

/// <summary><c>GET /v1/events</c>: the tenant's event feed, paged JSON or (Accept: application/x-ndjson) one stream of every match.</summary>
public static class EventEndpoints
{
    public const string NdJson = "application/x-ndjson";

    public static IEndpointRouteBuilder MapEventEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/v1/events").WithTags("Events").RequireAuthorization()
            .MapGet("/", List)
            .WithName("ListEvents")
            .WithSummary("The tenant's events in commit order (keyset cursor); with 'Accept: application/x-ndjson' every match, streamed")
            .Produces<EventPageResponse>(200, "application/json", NdJson)
            .WithQuery(
                QueryParameter.Text("type", "Only events of this type, e.g. appointment.created.", pattern: ListEvents.TypeName().ToString()),
                QueryParameter.Instant("from", "Only events that occurred at or after this instant."),
                QueryParameter.Instant("to", "Only events that occurred before this instant."),
                QueryParameter.Limit(ListEvents.MaxLimit, ListEvents.DefaultLimit),
                QueryParameter.CursorOf(FeedCursor.Pattern))
            .ProducesCommonProblems(400);
        return app;
    }

    private static async Task<IResult> List(
        string? type, string? from, string? to, string? limit, string? cursor, HttpContext http, IMediator mediator, CancellationToken cancellationToken)
    {
        var stream = http.Request.Headers.Accept.Any(a => a?.Contains(NdJson, StringComparison.OrdinalIgnoreCase) == true);
        var request = new ListEvents(type, from, to, limit, cursor, stream);
        var events = await mediator.Send(request, cancellationToken);
        if (stream)
        {
            await WriteNdJson(http, events, cancellationToken);
            return Results.Empty;
        }

        var page = new List<FeedEvent>();
        await foreach (var e in events)
        {
            page.Add(e);
        }

        var more = page.Count > request.LimitValue;
        var data = page.Take(request.LimitValue!.Value).ToList();
        var next = FeedCursor.Encode(data.Count > 0 ? data[^1].Sequence : request.After!.Value);
        return TypedResults.Ok(new EventPageResponse([.. data.Select(EventResponse.From)], next, more));
    }

    // One JSON object per line, flushed as it goes: nothing is held beyond the row being written.
    private static async Task WriteNdJson(HttpContext http, IAsyncEnumerable<FeedEvent> events, CancellationToken cancellationToken)
    {
        var options = http.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        http.Response.ContentType = NdJson;
        var body = http.Response.Body;
        var written = 0;
        await foreach (var e in events.WithCancellation(cancellationToken))
        {
            await System.Text.Json.JsonSerializer.SerializeAsync(body, EventResponse.From(e), options, cancellationToken);
            await body.WriteAsync("\n"u8.ToArray(), cancellationToken);
            if (++written % 256 == 0)
            {
                await body.FlushAsync(cancellationToken);
            }
        }

        await body.FlushAsync(cancellationToken);
    }
}

using NodaTime;
using Scheduling.Application.Common;
using Scheduling.Application.Common.Audit;
using Scheduling.Application.Events.Feed;

namespace Scheduling.Api.Contracts;

/// <summary>One event of <c>GET /v1/events</c>; <c>data</c> is the stored event body, unchanged.</summary>
public sealed record EventResponse(string Id, string StreamId, long Version, string Type, Instant OccurredAt, Actor? Actor, string? CorrelationId, RawJson Data)
{
    public static EventResponse From(FeedEvent e) => new(e.Id, e.StreamId, e.Version, e.Type, e.OccurredAt, e.Actor, e.CorrelationId, e.Data);
}

/// <summary>
/// A page of the feed. <c>nextCursor</c> is always the position after the last event returned (or the one asked
/// from), so a client can poll with it; <c>hasMore</c> says whether another page is ready now.
/// </summary>
public sealed record EventPageResponse(IReadOnlyList<EventResponse> Data, string NextCursor, bool HasMore);

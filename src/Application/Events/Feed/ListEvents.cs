using System.Globalization;
using System.Text.RegularExpressions;
using FluentValidation;
using MediatR;
using NodaTime;
using Scheduling.Application.Common;
using Scheduling.Application.Common.Audit;
using Scheduling.Application.Common.Validation;
using Scheduling.Domain.Common;

namespace Scheduling.Application.Events.Feed;

/// <summary>One event of the tenant's feed: where it belongs, who made it, which request, and its stored body.</summary>
public sealed record FeedEvent(
    string Id, string StreamId, long Version, string Type, Instant OccurredAt, Actor? Actor, string? CorrelationId, RawJson Data, long Sequence);

public sealed record FeedPage(IReadOnlyList<FeedEvent> Data, string? NextCursor);

/// <summary>What to read: after a position of the commit sequence, optionally one type and a time range.</summary>
public sealed record FeedQuery(long After, string? Type, Instant? From, Instant? To, int? Limit);

/// <summary>The tenant's events in commit order, never past a position where an earlier commit could still appear.</summary>
public interface IEventFeed
{
    IAsyncEnumerable<FeedEvent> Read(FeedQuery query, CancellationToken cancellationToken);
}

/// <summary><c>GET /v1/events</c>, query values as sent. <see cref="Stream"/>: every match as NDJSON, without paging.</summary>
public sealed partial record ListEvents(string? Type, string? From, string? To, string? Limit, string? Cursor, bool Stream = false)
    : IRequest<IAsyncEnumerable<FeedEvent>>
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    public Instant? FromInstant => ParseInstant(From);

    public Instant? ToInstant => ParseInstant(To);

    public int? LimitValue =>
        Limit is null ? DefaultLimit
        : int.TryParse(Limit, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value is >= 1 and <= MaxLimit ? value
        : null;

    public long? After => Cursor is null ? 0 : FeedCursor.Decode(Cursor);

    public FeedQuery ToQuery() => new(After!.Value, Type, FromInstant, ToInstant, Stream ? null : LimitValue + 1);

    // No match timeout: every repetition starts with a literal '.', so the pattern cannot backtrack
    // catastrophically, and a wall-clock timeout fails valid requests when the thread is descheduled (issue 14).
    [GeneratedRegex("^[a-z]+(\\.[a-z_]+)+$", RegexOptions.CultureInvariant)]
    public static partial Regex TypeName();

    private static Instant? ParseInstant(string? value) => InstantText.TryParse(value, out var instant) ? instant : null;
}

/// <summary>Opaque feed cursors: the last commit position a client has seen.</summary>
public static class FeedCursor
{
    public static string Encode(long sequence) => "e" + sequence.ToString("x", CultureInfo.InvariantCulture);

    /// <summary><see cref="Decode"/> as a regular expression, for the OpenAPI document: 'e' then a non-negative 64-bit hex number.</summary>
    public const string Pattern = "^e([0-9A-Fa-f]{1,15}|[0-7][0-9A-Fa-f]{15})$";

    public static long? Decode(string cursor) =>
        cursor.Length is > 1 and <= 17 && cursor[0] == 'e' && long.TryParse(cursor.AsSpan(1), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value) && value >= 0
            ? value
            : null;
}

public sealed class ListEventsValidator : AbstractValidator<ListEvents>
{
    public ListEventsValidator()
    {
        RuleFor(q => q.Type).Satisfies(type => ListEvents.TypeName().IsMatch(type!) ? null : RuleViolation.Invalid("type", "'type' must be an event type such as appointment.created."))
            .When(q => q.Type is not null);
        RuleFor(q => q.From).Satisfies(_ => RuleViolation.Invalid("from", "'from' must be an RFC 3339 date-time with an offset.")).When(q => q.From is not null && q.FromInstant is null);
        RuleFor(q => q.To).Satisfies(_ => RuleViolation.Invalid("to", "'to' must be an RFC 3339 date-time with an offset.")).When(q => q.To is not null && q.ToInstant is null);
        RuleFor(q => q.Limit).Satisfies(_ => RuleViolation.Invalid("limit", $"'limit' must be a whole number from 1 to {ListEvents.MaxLimit}.")).When(q => q.LimitValue is null);
        RuleFor(q => q.Cursor).Satisfies(_ => RuleViolation.Invalid("cursor", "'cursor' is not a cursor this API returned.")).When(q => q.After is null);
    }
}

public sealed class ListEventsHandler(IEventFeed feed) : IRequestHandler<ListEvents, IAsyncEnumerable<FeedEvent>>
{
    public Task<IAsyncEnumerable<FeedEvent>> Handle(ListEvents request, CancellationToken cancellationToken) =>
        Task.FromResult(feed.Read(request.ToQuery(), cancellationToken));
}

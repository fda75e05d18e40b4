using System.Buffers.Text;
using System.Globalization;
using System.Text.Json;
using FluentValidation;
using NodaTime;
using NodaTime.Text;
using Scheduling.Application.Common.Tenancy;
using Scheduling.Application.Common.Validation;
using Scheduling.Domain.Common;

namespace Scheduling.Application.Common.Listing;

/// <summary>A list query as the client sent it: raw <c>filter</c> values, <c>limit</c> and <c>cursor</c>.</summary>
public interface IListRequest
{
    IReadOnlyList<string> Filters { get; }

    string? Limit { get; }

    string? Cursor { get; }
}

/// <summary>What a list handler asks its read side for: the parsed filters, one more row than the page, and the keyset position.</summary>
public sealed record ListQuery(IReadOnlyList<ListFilter> Filters, int Limit, ListCursor? After);

/// <summary>A page of items, newest first, and the cursor of the next page (null on the last).</summary>
public sealed record ListPage<T>(IReadOnlyList<T> Data, string? NextCursor);

/// <summary>The stateless rules of every list: each filter parses against the list's schema, at most 10 of them, limit 1–100, a cursor this API issued.</summary>
public abstract class ListRequestValidator<T> : AbstractValidator<T>
    where T : IListRequest
{
    protected ListRequestValidator(ITenantContext tenant, FilterSchema schema)
    {
        RuleFor(q => q.Filters).Satisfies(filters => ListPaging.CheckFilters(filters, schema, tenant.Organisation.TimeZone));
        RuleFor(q => q.Limit).Satisfies(limit => ListPaging.ParseLimit(limit) is null
            ? RuleViolation.Invalid("limit", $"'limit' must be a whole number from 1 to {ListPaging.MaxLimit}.")
            : null);
        RuleFor(q => q.Cursor).Satisfies(cursor => cursor is not null && !CursorCodec.TryDecode(cursor, out _)
            ? RuleViolation.Invalid("cursor", "'cursor' is not a cursor this API returned; start again without it.")
            : null);
    }
}

/// <summary>Keyset paging shared by the lists: parse what the validator accepted, ask for one extra row, cut the page.</summary>
public static class ListPaging
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;
    public const int MaxFilters = 10;

    /// <summary>The page size asked for, the default when absent, null when it is not a whole number from 1 to 100.</summary>
    public static int? ParseLimit(string? limit) =>
        limit is null ? DefaultLimit
        : int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value is >= 1 and <= MaxLimit ? value
        : null;

    public static IEnumerable<RuleViolation> CheckFilters(IReadOnlyList<string> filters, FilterSchema schema, DateTimeZone zone)
    {
        if (filters.Count > MaxFilters)
        {
            yield return RuleViolation.Invalid("filter", $"At most {MaxFilters} filters can be combined.");
        }

        for (var i = 0; i < filters.Count; i++)
        {
            if (FilterParser.TryParse(filters[i], schema, zone, out _) is { } problem)
            {
                yield return RuleViolation.Invalid(filters.Count == 1 ? "filter" : $"filter[{i}]", problem);
            }
        }
    }

    /// <summary>The query for a request the validator accepted (so parsing cannot fail); one extra row tells whether there is a next page.</summary>
    public static ListQuery ToQuery(IListRequest request, FilterSchema schema, DateTimeZone zone)
    {
        var filters = request.Filters.Select(f => FilterParser.Parse(f, schema, zone)).ToArray();
        var limit = ParseLimit(request.Limit)!.Value;
        ListCursor? after = null;
        if (request.Cursor is not null)
        {
            CursorCodec.TryDecode(request.Cursor, out after);
        }

        return new ListQuery(filters, limit + 1, after);
    }

    /// <summary>The first <c>query.Limit - 1</c> rows, and a cursor after the last of them when the extra row came back.</summary>
    public static ListPage<T> Page<T>(ListQuery query, IReadOnlyList<T> rows, Func<T, ListCursor> position)
    {
        var limit = query.Limit - 1;
        var page = rows.Take(limit).ToArray();
        var next = rows.Count > limit ? CursorCodec.Encode(position(page[^1])) : null;
        return new ListPage<T>(page, next);
    }
}

/// <summary>Opaque cursors: base64url of a small versioned JSON array. Clients must not build them.</summary>
public static class CursorCodec
{
    public static string Encode(ListCursor cursor) =>
        Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(new[] { "v1", InstantPattern.ExtendedIso.Format(cursor.CreatedAt), cursor.Id }));

    public static bool TryDecode(string text, out ListCursor? cursor)
    {
        cursor = null;
        if (text.Length is 0 or > 512 || !Base64Url.IsValid(text))
        {
            return false;
        }

        try
        {
            var parts = JsonSerializer.Deserialize<string[]>(Base64Url.DecodeFromChars(text));
            if (parts is not ["v1", var createdAt, var id] || InstantPattern.ExtendedIso.Parse(createdAt) is not { Success: true } instant)
            {
                return false;
            }

            cursor = new ListCursor(instant.Value, id);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}

using System.Text;
using Marten;
using Scheduling.Application.Common.Listing;

namespace Scheduling.Infrastructure.Persistence;

/// <summary>
/// One parameterised keyset query over a read-model table: <c>tenant_id = ?</c>, the filters' predicates, the cursor,
/// then <c>createdAt desc, id desc</c>. Filter values only ever travel as parameters (Marten's <c>?</c>); the SQL text
/// is built from fixed fragments. Each list supplies its column per field and any field of its own.
/// </summary>
/// <remarks>
/// A contains filter (<c>~</c>) gets two more statements (docs/performance.md, Round 7). Left to itself the planner
/// answers it by walking the createdAt index newest first and filtering, expecting about 1 % of rows to match; when
/// the matches are rare or sit far from the newest rows (sequential references) that walk reads most of the tenant
/// (1.8 s at a million rows). So the matches are counted first through the trigram index, up to <see cref="MatchCap"/>;
/// at most that many are sorted directly, and only a term with more matches takes the ordered walk, which such a term
/// ends quickly unless its matches are all old.
/// </remarks>
public sealed class ListSql
{
    public const string CreatedAt = "scheduling.mt_immutable_timestamptz(data ->> 'createdAt')";
    public const string UpdatedAt = "scheduling.mt_immutable_timestamptz(data ->> 'updatedAt')";

    /// <summary>Matches a contains filter may have and still be sorted directly (the capped pass over 10,001 took 78–89 ms at a million rows).</summary>
    public const int MatchCap = 10_000;

    private readonly StringBuilder sql;

    private ListSql(string table, string tenantId)
    {
        sql = new StringBuilder($"from {table} where tenant_id = ?");
        Parameters.Add(tenantId);
    }

    public List<object> Parameters { get; } = [];

    /// <summary>The statements of one list request; <paramref name="predicate"/> writes each filter (via the helpers below).</summary>
    public static ListStatements Build(string table, string tenantId, ListQuery query, Action<ListSql, ListFilter> predicate)
    {
        var list = new ListSql(table, tenantId);
        foreach (var filter in query.Filters)
        {
            predicate(list, filter);
        }

        if (query.After is { } after)
        {
            // Keyset: rows strictly after the cursor in (createdAt desc, id desc) order; the first bound lets the index range-scan.
            list.And($"{CreatedAt} <= ? and ({CreatedAt} < ? or id < ?)", after.CreatedAt.ToDateTimeOffset(), after.CreatedAt.ToDateTimeOffset(), after.Id);
        }

        var where = list.sql.ToString();
        var ordered = new ListStatement($"select data {where} order by {CreatedAt} desc, id desc limit ?", [.. list.Parameters, query.Limit]);
        if (!query.Filters.Any(f => f is ContainsFilter))
        {
            return new ListStatements(ordered, null, null);
        }

        // The matches, at most the cap and one, counted and sorted in one pass; the page comes back only when they were
        // not capped. Behind "offset 0" the page's order and limit do not reach the plan, so a term estimated under the
        // cap is read through the trigram bitmap (one estimated over it may be read by the walk, which ends early).
        var capped = $"select data, {CreatedAt} as created, id, count(*) over () as matched from (select data, id {where} offset 0 limit ?) m";
        var matches = new ListStatement(
            $"select data from (select data, created, id, matched from ({capped}) w order by created desc, id desc limit ?) p where matched <= ? order by created desc, id desc",
            [.. list.Parameters, MatchCap + 1, query.Limit, MatchCap]);
        var count = new ListStatement($"select count(*) from (select 1 from (select 1 {where} offset 0) m limit ?) c", [.. list.Parameters, MatchCap + 1]);
        return new ListStatements(ordered, count, matches);
    }

    /// <summary>Runs a list's statements in a session (the tenant's, for documents of type <typeparamref name="T"/>).</summary>
    public static async Task<IReadOnlyList<T>> Run<T>(IQuerySession session, ListStatements statements, CancellationToken cancellationToken) =>
        (await Answer(
            statements,
            statement => session.QueryAsync<T>(statement.Sql, cancellationToken, [.. statement.Parameters]),
            async statement => (await session.QueryAsync<long>(statement.Sql, cancellationToken, [.. statement.Parameters])).Single())).Rows;

    /// <summary>
    /// The statement whose rows are the page, and those rows, with <paramref name="query"/> and <paramref name="count"/>
    /// running statements: the one rule for the service and for the plan tests that check what it sends.
    /// </summary>
    public static async Task<(ListStatement Answering, IReadOnlyList<TRow> Rows)> Answer<TRow>(
        ListStatements statements, Func<ListStatement, Task<IReadOnlyList<TRow>>> query, Func<ListStatement, Task<long>> count)
    {
        if (statements is not { Matches: { } matches, Count: { } counter })
        {
            return (statements.Ordered, await query(statements.Ordered));
        }

        var page = await query(matches);
        if (page.Count > 0)
        {
            return (matches, page);
        }

        // Nothing back: no match at all, or more than the cap (which the matches statement withholds).
        return await count(counter) > MatchCap ? (statements.Ordered, await query(statements.Ordered)) : (matches, page);
    }

    /// <summary>Appends <c>and (fragment)</c>; each <c>?</c> of the fragment takes the next value.</summary>
    public void And(string fragment, params object[] values)
    {
        sql.Append(" and (").Append(fragment).Append(')');
        Parameters.AddRange(values);
    }

    /// <summary>The common filter kinds on a column: equality, literal case-sensitive contains, time ranges.</summary>
    public void Standard(ListFilter filter, string column)
    {
        switch (filter)
        {
            case EqualsFilter f:
                And($"{column} = ?", f.Value);
                break;
            case ContainsFilter f:
                // LIKE with the value's wildcards escaped: matched literally, and a trigram index can serve it.
                And($"{column} like ?", ContainsPattern(f.Value));
                break;
            case TimeRangeFilter f:
                if (f.From is { } from)
                {
                    And($"{column} >= ?", from.ToDateTimeOffset());
                }

                if (f.Before is { } before)
                {
                    And($"{column} < ?", before.ToDateTimeOffset());
                }

                break;
            default:
                throw new ArgumentException($"Unsupported filter {filter.GetType().Name}.", nameof(filter));
        }
    }

    /// <summary>A LIKE pattern matching <paramref name="value"/> anywhere, literally (backslash is LIKE's default escape).</summary>
    public static string ContainsPattern(string value) =>
        "%" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";
}

/// <summary>One SQL statement with Marten's <c>?</c> placeholders and their values in order.</summary>
public sealed record ListStatement(string Sql, IReadOnlyList<object> Parameters);

/// <summary>
/// A list request's statements: <paramref name="Ordered"/> alone, or, with a contains filter, <paramref name="Matches"/>
/// (the page from at most <see cref="ListSql.MatchCap"/> matches, nothing when there are more), then only when that is
/// empty <paramref name="Count"/> (up to the cap + 1), which sends a term with more matches to <paramref name="Ordered"/>.
/// </summary>
public sealed record ListStatements(ListStatement Ordered, ListStatement? Count, ListStatement? Matches);

using System.Text;
using Scheduling.Application.Common.Listing;

namespace Scheduling.Infrastructure.Persistence;

/// <summary>
/// One parameterised keyset query over a read-model table: <c>tenant_id = ?</c>, the filters' predicates, the cursor,
/// then <c>createdAt desc, id desc</c>. Filter values only ever travel as parameters (Marten's <c>?</c>); the SQL text
/// is built from fixed fragments. Each list supplies its column per field and any field of its own.
/// </summary>
public sealed class ListSql
{
    public const string CreatedAt = "scheduling.mt_immutable_timestamptz(data ->> 'createdAt')";
    public const string UpdatedAt = "scheduling.mt_immutable_timestamptz(data ->> 'updatedAt')";

    private readonly StringBuilder sql;

    private ListSql(string table, string tenantId)
    {
        sql = new StringBuilder($"select data from {table} where tenant_id = ?");
        Parameters.Add(tenantId);
    }

    public List<object> Parameters { get; } = [];

    /// <summary>The query text and its parameters; <paramref name="predicate"/> writes each filter (via the helpers below).</summary>
    public static (string Sql, List<object> Parameters) Build(string table, string tenantId, ListQuery query, Action<ListSql, ListFilter> predicate)
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

        list.sql.Append($" order by {CreatedAt} desc, id desc limit ?");
        list.Parameters.Add(query.Limit);
        return (list.sql.ToString(), list.Parameters);
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

using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Scheduling.Application.Common.Exceptions;
using Scheduling.Application.Common.Listing;

namespace Scheduling.Api.OpenApi;

/// <summary>
/// Query parameters are bound as raw strings (so a bad value is our 400 problem with a 'code', not the binder's), which
/// leaves the generated document saying "string". The endpoint states what it really takes, from the same constants
/// and filter schemas its validator reads, and <see cref="Transform"/> writes that into its parameters.
/// </summary>
public sealed record QueryParameter(string Name, Action<OpenApiParameter> Describe)
{
    /// <summary>A page size: an integer from 1 to <paramref name="max"/>, <paramref name="fallback"/> when left out.</summary>
    public static QueryParameter Limit(int max, int fallback) => new("limit", p =>
    {
        p.Schema = new OpenApiSchema
        {
            Type = JsonSchemaType.Integer,
            Format = "int32",
            Minimum = "1",
            Maximum = max.ToString(CultureInfo.InvariantCulture),
            Default = JsonValue.Create(fallback),
        };
        p.Description = $"Page size, 1-{max} (default {fallback}).";
    });

    /// <summary>An opaque keyset cursor: a previous page's <c>nextCursor</c>.</summary>
    public static QueryParameter Cursor { get; } = CursorOf(null);

    /// <summary>A cursor whose form is public (the event feed's position, a delivery id), so the document can state it.</summary>
    public static QueryParameter CursorOf(string? pattern) => new("cursor", p =>
    {
        p.Schema = new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1, Pattern = pattern };
        p.Description = "The 'nextCursor' of the previous page, as returned (opaque); leave out for the first page.";
    });

    public static QueryParameter Instant(string name, string description, bool required = false) => new(name, p =>
    {
        p.Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "date-time" };
        p.Required = required;
        p.Description = $"{description} An RFC 3339 date-time with an offset (2031-01-07T09:00:00Z or …+01:00).";
    });

    public static QueryParameter Date(string name, string description, bool required = false) => new(name, p =>
    {
        p.Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "date" };
        p.Required = required;
        p.Description = $"{description} YYYY-MM-DD, in the organisation's time zone.";
    });

    public static QueryParameter WholeNumber(string name, int minimum, string description) => new(name, p =>
    {
        p.Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int64", Minimum = minimum.ToString(CultureInfo.InvariantCulture) };
        p.Description = description;
    });

    public static QueryParameter Text(string name, string description, bool required = false, string? pattern = null, params string[] values) => new(name, p =>
    {
        p.Schema = new OpenApiSchema
        {
            Type = JsonSchemaType.String,
            Pattern = pattern,
            Enum = values.Length == 0 ? null : [.. values.Select(v => (JsonNode)JsonValue.Create(v))],
        };
        p.Required = required;
        p.Description = description;
    });

    /// <summary>The repeatable <c>filter</c> parameter: the grammar and, from the list's own schema, its fields and operators.</summary>
    public static QueryParameter Filter(FilterSchema schema) => new("filter", p =>
    {
        p.Schema = new OpenApiSchema
        {
            Type = JsonSchemaType.Array,
            MaxItems = ListPaging.MaxFilters,
            Items = new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1, MaxLength = FilterParser.MaxLength },
        };
        p.Style = ParameterStyle.Form;
        p.Explode = true;
        var fields = schema.Fields.Select(f => $"'{f.Key}' ({Operators(f.Value)}{(f.Value.Values is { } values ? "; one of " + string.Join(", ", values) : string.Empty)})");
        p.Description = "Repeat to AND conditions (at most " + ListPaging.MaxFilters.ToString(CultureInfo.InvariantCulture) + "). Grammar: field op \"value\" — "
            + "the value always double-quoted (\\\" and \\\\ escape inside), ops ':' equals, '~' contains (case-insensitive), "
            + "'>' '<' '>=' '<=' on times; a time is a date YYYY-MM-DD (a whole day in the organisation's time zone) or an "
            + "RFC 3339 instant. Example: createdAt>=\"2026-11-01\". Fields: " + string.Join(", ", fields)
            + ". A malformed filter, an unknown field or an operator the field does not take is 400 naming the problem.";
    });

    public static Task Transform(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        foreach (var parameter in context.Description.ActionDescriptor.EndpointMetadata.OfType<QueryParameter>())
        {
            if (operation.Parameters?.OfType<OpenApiParameter>().FirstOrDefault(p => p.In == ParameterLocation.Query && p.Name == parameter.Name) is { } found)
            {
                parameter.Describe(found);
            }
        }

        return Task.CompletedTask;
    }

    private static string Operators(FilterableField field) =>
        string.Join(" ", new[]
        {
            field.Operators.HasFlag(FilterOperators.Equals) || field.Operators.HasFlag(FilterOperators.Time) ? ":" : null,
            field.Operators.HasFlag(FilterOperators.Contains) ? "~" : null,
            field.Operators.HasFlag(FilterOperators.Time) ? "> < >= <=" : null,
        }.Where(o => o is not null));
}

/// <summary>Attaches the real query parameter shapes to an endpoint.</summary>
public static class QueryParameterEndpoints
{
    public static RouteHandlerBuilder WithQuery(this RouteHandlerBuilder builder, params QueryParameter[] parameters) =>
        builder.WithMetadata([.. parameters]);
}

/// <summary>
/// Refuses a query parameter the operation does not take (400 naming it), read from the same
/// <see cref="QueryParameter"/> metadata that documents the ones it does. Silently ignoring them would turn a
/// misspelt 'filter' into an unfiltered list of patients. Names compare as the binder reads them (ignoring case), so
/// a parameter the endpoint honours is never refused.
/// </summary>
public sealed class UnknownQueryParametersMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (context.Request.QueryString.HasValue
            && context.GetEndpoint() is RouteEndpoint { RoutePattern.RawText: { } route } endpoint
            && route.StartsWith("/v1/", StringComparison.Ordinal))
        {
            var known = endpoint.Metadata.GetOrderedMetadata<QueryParameter>();
            Dictionary<string, string[]>? errors = null;
            foreach (var name in context.Request.Query.Keys)
            {
                if (!known.Any(parameter => string.Equals(parameter.Name, name, StringComparison.OrdinalIgnoreCase)))
                {
                    errors ??= [];
                    errors[name] = [$"'{name}' is not a query parameter of this operation."];
                }
            }

            if (errors is not null)
            {
                throw new RequestValidationException(errors);
            }
        }

        return next(context);
    }
}

using Scheduling.Domain.Common;
using Scheduling.Application.Common.Exceptions;

namespace Scheduling.Application.Common.Validation;

/// <summary>
/// Maps a wire request (what JSON can express: anything may be missing) to a command whose required members are
/// non-nullable. Collects every missing field by JSON path and answers them in one 400 before the command exists.
/// </summary>
public sealed class RequiredFields
{
    private readonly Dictionary<string, string[]> missing = new(StringComparer.Ordinal);

    public T Get<T>(T? value, string member)
        where T : class
    {
        if (value is null)
        {
            missing[member] = [$"'{member}' is required."];
        }

        return value!;
    }

    public T Get<T>(T? value, string member)
        where T : struct
    {
        if (value is null)
        {
            missing[member] = [$"'{member}' is required."];
        }

        return value.GetValueOrDefault();
    }

    /// <summary>A patch member of a required field: absent stays absent, a value passes, <c>null</c> (clearing it) is refused.</summary>
    public Optional<T> Get<T>(Optional<T?> value, string member)
        where T : class =>
        value.HasValue ? new Optional<T>(Get(value.Value, member)) : default;

    /// <summary>A patch member of a required value field: absent stays absent, a value passes, <c>null</c> is refused.</summary>
    public Optional<T> Get<T>(Optional<T?> value, string member)
        where T : struct =>
        value.HasValue ? new Optional<T>(Get(value.Value, member)) : default;

    /// <summary>Returns <paramref name="command"/> when nothing required was missing; else throws the 400.</summary>
    public T Complete<T>(T command) => missing.Count == 0 ? command : throw new RequestValidationException(missing);
}

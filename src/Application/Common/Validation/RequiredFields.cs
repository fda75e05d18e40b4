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

    /// <summary>Returns <paramref name="command"/> when nothing required was missing; else throws the 400.</summary>
    public T Complete<T>(T command) => missing.Count == 0 ? command : throw new RequestValidationException(missing);
}

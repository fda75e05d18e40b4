using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using Scheduling.Application.Common.Exceptions;
using Scheduling.Application.Common.Validation;
using Scheduling.Domain.Common;

namespace Scheduling.Api.OpenApi;

/// <summary>
/// Which members of a request body the server requires, read from the code that answers "'x' is required": the
/// request's own <c>ToCommand</c>/<c>ToInput</c> (<see cref="RequiredFields"/>) is run on an empty request, and on one
/// whose every member is an explicit <c>null</c>. The document therefore cannot list a member as optional that the
/// server refuses to miss, or the reverse.
/// </summary>
internal static class RequiredMembers
{
    private const string Root = "\u0001";
    private static readonly ConcurrentDictionary<Type, Shape?> Shapes = new();

    /// <param name="Required">Members that must be present (absent or null → 400).</param>
    /// <param name="NotNull">Members that may be left out but not sent as null (merge-patch members of required fields).</param>
    public sealed record Shape(IReadOnlySet<string> Required, IReadOnlySet<string> NotNull);

    public static Shape? For(Type type) => Shapes.GetOrAdd(type, Probe);

    private static Shape? Probe(Type type)
    {
        var map = type.GetMethod("ToCommand") ?? type.GetMethod("ToInput");
        var constructor = type.GetConstructors().MaxBy(c => c.GetParameters().Length);
        if (map is null || constructor is null)
        {
            return null;
        }

        // Absent: every member left out. Null: every member sent as an explicit null.
        var absent = Missing(type, map, constructor, explicitNull: false);
        var nulls = Missing(type, map, constructor, explicitNull: true);
        return new Shape(absent, new HashSet<string>(nulls.Except(absent), StringComparer.Ordinal));
    }

    private static HashSet<string> Missing(Type type, MethodInfo map, ConstructorInfo constructor, bool explicitNull)
    {
        var members = constructor.GetParameters().Select(p => Member(p.ParameterType, explicitNull)).ToArray();
        var request = constructor.Invoke(members);
        var required = new RequiredFields();
        var arguments = map.GetParameters().Select(p => p.ParameterType switch
        {
            var t when t == typeof(RequiredFields) => required,
            var t when t == typeof(string) => (object)Root,
            _ => null,
        }).ToArray();
        try
        {
            try
            {
                map.Invoke(request, arguments);
            }
            catch (TargetInvocationException exception) when (exception.InnerException is RequestValidationException inner)
            {
                throw inner;
            }

            required.Complete(0);
            return new HashSet<string>(StringComparer.Ordinal);
        }
        catch (RequestValidationException validation)
        {
            // Only the request's own members: nested paths ("location.line1") belong to the nested object's probe.
            return new HashSet<string>(
                validation.Errors.Keys.Select(key => key.StartsWith(Root + ".", StringComparison.Ordinal) ? key[(Root.Length + 1)..] : key)
                    .Where(key => !key.Contains('.', StringComparison.Ordinal) && !key.Contains('[', StringComparison.Ordinal)),
                StringComparer.Ordinal);
        }
    }

    private static object? Member(Type type, bool explicitNull)
    {
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Optional<>))
        {
            // new Optional<T>(null): the member is present and null; default: the member was left out.
            return explicitNull ? Activator.CreateInstance(type, [null]) : Activator.CreateInstance(type);
        }

        return type == typeof(JsonElement) ? default(JsonElement) : null;
    }
}

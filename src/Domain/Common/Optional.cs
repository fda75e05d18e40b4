namespace Scheduling.Domain.Common;

/// <summary>
/// A value that may be absent, distinct from a present <c>null</c>: a merge patch's "not mentioned" versus
/// "cleared". Serialized only when present, so an <c>appointment.updated</c> event holds exactly the changed fields.
/// </summary>
public readonly record struct Optional<T> : IOptional
{
    public Optional(T value)
    {
        Value = value;
        HasValue = true;
    }

    public T Value { get; }

    public bool HasValue { get; }

    public T Or(T current) => HasValue ? Value : current;

    public static implicit operator Optional<T>(T value) => new(value);
}

/// <summary>Lets serializers recognise an <see cref="Optional{T}"/> without knowing its T.</summary>
public interface IOptional
{
    bool HasValue { get; }
}

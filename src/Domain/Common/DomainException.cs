namespace Scheduling.Domain.Common;

/// <summary>How a broken domain rule should reach a client; the API maps each kind to one HTTP status.</summary>
public enum DomainErrorKind
{
    /// <summary>A value breaks its own rule (400).</summary>
    Invalid,

    /// <summary>A referenced resource does not exist in the tenant (404 for the addressed resource).</summary>
    NotFound,

    /// <summary>The current state forbids the action (409).</summary>
    Conflict,

    /// <summary>Well formed, but breaks a rule that needs stored state (422).</summary>
    Unprocessable,
}

/// <summary>A domain rule was broken. <see cref="Code"/> is the stable machine code clients switch on.</summary>
public sealed class DomainException : Exception
{
    public DomainException(DomainErrorKind kind, string code, string message, string? field = null)
        : base(message)
    {
        Kind = kind;
        Code = code;
        Field = field;
    }

    public DomainException()
        : this(DomainErrorKind.Invalid, "domain_error", "A domain rule was broken.")
    {
    }

    public DomainException(string message)
        : this(DomainErrorKind.Invalid, "domain_error", message)
    {
    }

    public DomainException(string message, Exception innerException)
        : base(message, innerException)
    {
        Code = "domain_error";
    }

    public DomainErrorKind Kind { get; }

    public string Code { get; }

    /// <summary>The JSON path of the offending field, when the rule concerns one field.</summary>
    public string? Field { get; }

    public static DomainException Invalid(string code, string field, string message) => new(DomainErrorKind.Invalid, code, message, field);

    public static DomainException Unprocessable(string code, string message) => new(DomainErrorKind.Unprocessable, code, message);

    public static DomainException Conflict(string code, string message) => new(DomainErrorKind.Conflict, code, message);

    public static DomainException NotFound(string code, string message) => new(DomainErrorKind.NotFound, code, message);
}

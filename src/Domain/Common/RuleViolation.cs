namespace Scheduling.Domain.Common;

/// <summary>
/// A broken field rule: its stable code, the JSON path of the field (<c>location.postcode</c>) and the message.
/// Each rule produces it in one place; validators report it early (all at once), the aggregate throws it.
/// </summary>
public sealed record RuleViolation(string Code, string Member, string Message)
{
    public const string ValidationFailed = "validation_failed";

    public static RuleViolation Invalid(string member, string message) => new(ValidationFailed, member, message);

    public DomainException ToException() => DomainException.Invalid(Code, Member, Message);
}

/// <summary>The shared field rules (text lengths, presence) and the one way the domain enforces a rule's result.</summary>
public static class FieldRules
{
    /// <summary><see cref="Required"/>'s "not blank" as a regular expression: at least one non-space character.</summary>
    public const string NotBlankPattern = "\\S";

    public static RuleViolation? MaxLength(string? value, int max, string member) =>
        value is { Length: var length } && length > max ? RuleViolation.Invalid(member, $"'{member}' must be at most {max} characters.") : null;

    public static RuleViolation? Required(string? value, string member) =>
        string.IsNullOrWhiteSpace(value) ? RuleViolation.Invalid(member, $"'{member}' is required.") : null;

    public static RuleViolation? RequiredWithin(string? value, int max, string member) => Required(value, member) ?? MaxLength(value, max, member);

    /// <summary>Throws the first violation; the aggregate's guard for rules the validator reported earlier.</summary>
    public static void Enforce(params IEnumerable<RuleViolation?> violations)
    {
        foreach (var violation in violations)
        {
            if (violation is not null)
            {
                throw violation.ToException();
            }
        }
    }
}

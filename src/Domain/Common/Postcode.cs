using System.Text.RegularExpressions;

namespace Scheduling.Domain.Common;

/// <summary>A UK postcode, accepted in any case and spacing and kept upper-case with one space ("SW1A 1AA").</summary>
public static partial class Postcode
{
    // Outward code (area, district, optional sub-district letter) then inward code (sector digit + unit letters);
    // GIR 0AA is the one historic exception still in use. Any case, and spaces anywhere ("sw1a1aa", " SW1A 1AA ").
    // Written once, in ECMA-262 syntax, so the OpenAPI document publishes the very expression the rule runs.
    private const string Body =
        " *(?:[Gg] *[Ii] *[Rr] *0 *[Aa] *[Aa]"
        + "|[A-PR-UWYZa-pr-uwyz] *(?:[0-9](?: *[0-9])?|[A-HK-Ya-hk-y] *[0-9](?: *[0-9])?|[0-9] *[A-HJKPSTUWa-hjkpstuw]|[A-HK-Ya-hk-y] *[0-9] *[ABEHMNPRVWXYabehmnprvwxy])"
        + " *[0-9] *[ABD-HJLNP-UW-Zabd-hjlnp-uw-z] *[ABD-HJLNP-UW-Zabd-hjlnp-uw-z]) *";

    /// <summary>The rule as a regular expression (ECMA-262), for the OpenAPI document.</summary>
    public const string Pattern = "^" + Body + "$";

    // \z, not $: .NET's $ also matches before a final line feed. No match timeout: every ' *' sits between two
    // non-space tokens, so nothing can backtrack far, and the input is at most 16 characters; a timeout is
    // wall-clock, and on a busy machine a descheduled thread overran 100 ms and failed valid creates (issue 14).
    [GeneratedRegex("^" + Body + @"\z", RegexOptions.CultureInvariant)]
    private static partial Regex Spaced();

    public const int MaxLength = 16;

    public static bool TryNormalise(string? value, out string normalised)
    {
        normalised = string.Empty;
        if (value is null || value.Length > MaxLength)
        {
            return false;
        }

        if (!Spaced().IsMatch(value))
        {
            return false;
        }

        var compact = string.Concat(value.Where(c => c != ' ')).ToUpperInvariant();

        normalised = $"{compact[..^3]} {compact[^3..]}";
        return true;
    }

    public static RuleViolation? Check(string? value, string member) =>
        FieldRules.Required(value, member)
        ?? (TryNormalise(value, out _) ? null : RuleViolation.Invalid(member, $"'{member}' must be a valid UK postcode, e.g. SW1A 1AA."));

    public static string Normalise(string? value, string member)
    {
        FieldRules.Enforce(Check(value, member));
        TryNormalise(value, out var normalised);
        return normalised;
    }
}
